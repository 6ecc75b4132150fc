export function Spinner({ label, className }: { label: string; className?: string }) {
  return (
    <div role="status" className={`spinner ${className ?? ''}`.trim()}>
      <span className="spinner__circle" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
