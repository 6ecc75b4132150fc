/**
 * Where a decrypting stream does each input chunk's work (opening the segments it completes and
 * passing their plaintext on, which drives whatever reads the stream): `work` runs now or later, in
 * the order chunks came. The stream takes no further chunk until it has run. Without one, work runs
 * at once. A server that serves many streams on one thread can use it to pace bulk work.
 */
export type ChunkScheduler = (chunk: Buffer, work: () => void) => void;
