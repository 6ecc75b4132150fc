import { describe, expect, it } from 'vitest';
import { codecName, formatName, parseUnplayableReason } from './media-labels';

describe('media labels', () => {
  it('names ffmpeg format families as people know them', () => {
    expect(formatName('mov,mp4,m4a,3gp,3g2,mj2', 'video/mp4')).toBe('MP4');
    expect(formatName('mov,mp4,m4a,3gp,3g2,mj2', 'video/quicktime')).toBe('QuickTime (MOV)');
    expect(formatName('mov,mp4,m4a,3gp,3g2,mj2', 'audio/mp4')).toBe('M4A');
    expect(formatName('matroska,webm', 'video/webm')).toBe('WebM');
    expect(formatName('matroska,webm', 'video/x-matroska')).toBe('WebM / Matroska');
    expect(formatName('wav', 'audio/wav')).toBe('WAV');
    expect(formatName('something,new')).toBeNull();
    expect(formatName(null)).toBeNull();
  });

  it('names codecs', () => {
    expect(codecName('h264')).toBe('H.264');
    expect(codecName('aac')).toBe('AAC');
    expect(codecName('prores')).toBe('PRORES');
    expect(codecName(null)).toBeNull();
  });

  it('splits an unplayable reason into its code and ffmpeg detail', () => {
    expect(parseUnplayableReason('no_decodable_stream: Invalid data found when processing input')).toEqual({
      code: 'no_decodable_stream',
      detail: 'Invalid data found when processing input',
    });
    expect(parseUnplayableReason('zero_duration')).toEqual({ code: 'zero_duration', detail: null });
    expect(parseUnplayableReason('unreadable: moov atom not found: at 0x20')).toEqual({
      code: 'unreadable',
      detail: 'moov atom not found: at 0x20',
    });
    expect(parseUnplayableReason('source_failed')).toEqual({ code: 'source_failed', detail: null });
    // A reason from before the codes: all of it is detail.
    expect(parseUnplayableReason('moov atom not found')).toEqual({ code: null, detail: 'moov atom not found' });
    expect(parseUnplayableReason('Error: something')).toEqual({ code: null, detail: 'Error: something' });
    expect(parseUnplayableReason(null)).toEqual({ code: null, detail: null });
  });
});
