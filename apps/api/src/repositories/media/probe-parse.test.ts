import { describe, expect, it } from 'vitest';
import { parseLastProgressTime, parseProbeOutput } from './probe-parse.ts';

const rotatedPhone = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'http://127.0.0.1:1/t':
  Metadata:
    major_brand     : isom
  Duration: 00:00:12.34, start: 0.000000, bitrate: 4000 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1920x1080, 3900 kb/s, 30 fps, 30 tbr, 90k tbn (default)
    Side data:
      displaymatrix: rotation of -90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 128 kb/s (default)
At least one output file must be specified
`;

const musicWithCover = `Input #0, mp3, from 'x':
  Duration: 00:03:00.05, start: 0.025057, bitrate: 320 kb/s
  Stream #0:0: Audio: mp3, 44100 Hz, stereo, fltp, 320 kb/s
  Stream #0:1: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 500x500 [SAR 1:1 DAR 1:1], 90k tbr, 90k tbn (attached pic)
At least one output file must be specified
`;

describe('parseProbeOutput', () => {
  it('reports display size for rotated video', () => {
    expect(parseProbeOutput(rotatedPhone)).toEqual({
      ok: true,
      info: { container: 'mov,mp4,m4a,3gp,3g2,mj2', durationMs: 12_340, videoCodec: 'h264', audioCodec: 'aac', width: 1080, height: 1920 },
    });
  });

  it('does not count cover art as video', () => {
    expect(parseProbeOutput(musicWithCover)).toMatchObject({
      ok: true,
      info: { videoCodec: null, audioCodec: 'mp3', durationMs: 180_050 },
    });
  });

  it('does not count a stream whose codec ffmpeg does not know', () => {
    const out = parseProbeOutput(
      `Input #0, matroska,webm, from 'x':\n  Duration: N/A\n  Stream #0:0: Video: none, none(tv, progressive), 320x180, SAR 1:1 DAR 16:9, 15 fps\n  Stream #0:1: Audio: opus, 48000 Hz, mono, fltp\n`,
    );
    expect(out).toMatchObject({ ok: true, info: { videoCodec: null, width: null, height: null, audioCodec: 'opus' } });
  });

  it('leaves an N/A duration null', () => {
    const out = parseProbeOutput(
      `Input #0, matroska,webm, from 'x':\n  Duration: N/A, start: -0.007000, bitrate: N/A\n  Stream #0:0: Audio: opus, 48000 Hz, mono, fltp\n`,
    );
    expect(out).toMatchObject({ ok: true, info: { durationMs: null, audioCodec: 'opus' } });
  });

  it('explains unreadable input', () => {
    expect(parseProbeOutput('x: Invalid data found when processing input\n')).toEqual({
      ok: false,
      problem: 'unrecognised_format',
      reason: 'not a recognised audio or video format',
    });
    expect(parseProbeOutput('[http @ 0x1] HTTP error 404 Not Found\nx: Server returned 404 Not Found\n')).toEqual({
      ok: false,
      problem: 'source_unreachable',
      reason: 'the media source could not be fetched',
    });
    expect(parseProbeOutput("Input #0, mpeg, from 'x':\n  Duration: N/A\nAt least one output file must be specified\n")).toEqual({
      ok: false,
      problem: 'no_media_stream',
      reason: 'no audio or video stream',
    });
  });
});

describe('parseLastProgressTime', () => {
  it('takes the last time= of the progress output', () => {
    expect(parseLastProgressTime('size=N/A time=00:00:01.50 bitrate=N/A\rsize=N/A time=00:01:02.96 bitrate=N/A speed=99x\n')).toBe(62_960);
    expect(parseLastProgressTime('nothing')).toBeNull();
  });
});
