import { describe, expect, it } from 'vitest';
import { PlayedTimeMeter } from './use-exposure-meter';

describe('PlayedTimeMeter', () => {
  it('counts only the time between playing and stopping', () => {
    const meter = new PlayedTimeMeter();
    meter.start(1_000);
    meter.stop(4_000);
    meter.stop(9_000); // a second stop adds nothing
    meter.start(10_000);
    meter.start(11_000); // "playing" again while playing does not restart the clock
    meter.stop(12_000);
    expect(meter.take(20_000)).toEqual([5_000]);
    expect(meter.take(30_000)).toEqual([]);
  });

  it('hands out what played so far while it keeps running', () => {
    const meter = new PlayedTimeMeter();
    meter.start(0);
    expect(meter.take(15_000)).toEqual([15_000]);
    expect(meter.take(30_000)).toEqual([15_000]);
    meter.stop(31_000);
    expect(meter.take(99_000)).toEqual([1_000]);
  });

  it('splits more than two minutes into heartbeats the API accepts', () => {
    const meter = new PlayedTimeMeter();
    meter.start(0);
    meter.stop(300_000);
    expect(meter.take(300_000)).toEqual([120_000, 120_000, 60_000]);
  });
});
