package io.actelemetry.job.laps;

import io.actelemetry.job.traces.LapTrace;
import io.actelemetry.job.traces.Traces;

/** Turns a finished {@link LapAcc} into its rows and updates the session's bests, in that order. */
final class LapRows {
    private LapRows() {}

    static void emit(LapAcc lap, TrackerState s, LapOptions options, LapOutput out) {
        LapRow r = new LapRow();
        r.sessionId = s.sessionId;
        r.carId = s.carId;
        r.driver = s.driver;
        r.carModel = s.carModel;
        r.track = s.track;
        r.trackLayout = s.trackLayout;
        r.sessionType = lap.sessionType;
        r.lapIndex = ++s.lapsEmitted;
        r.lapNumber = lap.lapNumber;
        r.run = lap.run;
        r.startTimeMs = lap.startEventMs;
        r.endTimeMs = lap.endEventMs;
        r.pausedMs = Math.round(lap.pausedNs / 1e6);

        boolean complete = lap.endedAtLine;
        r.computedLapTimeMs = lap.all.computedMs();
        r.officialLapTimeMs = complete && lap.officialMs > 0 ? lap.officialMs : null;
        r.lapTimeMs = r.officialLapTimeMs != null ? r.officialLapTimeMs : r.computedLapTimeMs;
        r.lapTimeComputed = r.officialLapTimeMs == null;

        LapClass lapClass = classify(lap);
        int reasons = lap.all.reasons | (complete ? 0 : Invalidity.INCOMPLETE);
        r.lapClass = lapClass.label();
        r.valid = reasons == 0;
        r.invalidReason = Invalidity.describe(reasons);

        SegmentAcc[] sectors = sectorsOf(lap, s, r);
        r.sectorTimesMs = new int[sectors.length];
        for (int i = 0; i < sectors.length; i++) {
            if (sectors[i] != null && sectors[i].timed()) r.sectorTimesMs[i] = sectors[i].timeMs();
        }

        if (lapClass == LapClass.FLYING
                && r.valid
                && (s.bestLapMs == 0 || r.lapTimeMs < s.bestLapMs)) {
            s.bestLapMs = r.lapTimeMs;
            r.personalBest = true;
        }
        if (s.bestLapMs > 0) {
            r.sessionBestMs = s.bestLapMs;
            if (complete) r.deltaToBestMs = r.lapTimeMs - s.bestLapMs;
        }
        s.bestSectorMs = improve(s.bestSectorMs, sectors, Math.max(s.sectorCount, sectors.length));
        s.bestMiniMs = improve(s.bestMiniMs, lap.minis, options.miniSectors);
        r.theoreticalBestMs = sum(s.bestSectorMs);
        r.theoreticalBestMiniMs = sum(s.bestMiniMs);

        SegmentAcc all = lap.all;
        long driving = all.drivingNs;
        r.topSpeedKmh = all.maxSpeedKmh;
        r.minSpeedKmh = all.minSpeedKmh;
        r.distanceM = (float) lap.distanceM;
        r.avgSpeedKmh = driving <= 0 ? 0f : (float) (lap.distanceM / (driving / 1e9) * 3.6);
        r.fullThrottlePct = SegmentAcc.pct(all.fullThrottleNs, driving);
        r.brakingPct = SegmentAcc.pct(all.brakingNs, driving);
        r.coastingPct = SegmentAcc.pct(lap.coastingNs, driving);
        r.peakLateralG = lap.peakLateralG;
        r.peakLongitudinalG = lap.peakLongitudinalG;
        r.gearChanges = lap.gearChanges;
        r.fuelUsedL = (float) lap.fuelUsedL;
        r.fuelEndL = lap.fuelEndL;
        double[] temp = lap.tyreTempNs;
        r.tyreCoreTempAvgFlC = mean(temp[0], driving);
        r.tyreCoreTempAvgFrC = mean(temp[1], driving);
        r.tyreCoreTempAvgRlC = mean(temp[2], driving);
        r.tyreCoreTempAvgRrC = mean(temp[3], driving);
        float[] pressure = lap.tyrePressureEndPsi;
        r.tyrePressureEndFlPsi = pressure[0];
        r.tyrePressureEndFrPsi = pressure[1];
        r.tyrePressureEndRlPsi = pressure[2];
        r.tyrePressureEndRrPsi = pressure[3];
        r.maxTyresOut = lap.maxTyresOut;
        r.offTrackMs = (int) Math.round(lap.offTrackNs / 1e6);
        r.samples = all.samples;
        r.sampleGaps = lap.sampleGaps;
        r.missingSamples = lap.missingSamples;
        r.ignoredCounterSamples = lap.ignoredCounter;
        r.ignoredLapClockSamples = lap.ignoredClock;
        r.ignoredLastLapSamples = lap.ignoredLastLap;
        r.ignoredSplineSamples = lap.ignoredSpline;
        r.ignoredPositionSamples = lap.ignoredPosition;
        r.ignoredNonFiniteSamples = lap.ignoredNonFinite;

        for (SegmentAcc sector : sectors) {
            if (sector != null && sector.timed()) out.segment(sector.toRow(SegmentRow.SECTOR, r));
        }
        for (SegmentAcc mini : lap.minis) {
            if (mini != null) out.segment(mini.toRow(SegmentRow.MINI_SECTOR, r));
        }
        out.lap(r);
        if (complete && lap.startedAtLine) trace(lap, s, options, r, out);
    }

    /**
     * A lap driven from line to line on its distance grid, when it has a distance to put there (a
     * lap joined half-way has no start to measure from).
     */
    private static void trace(
            LapAcc lap, TrackerState s, LapOptions options, LapRow r, LapOutput out) {
        LapTrace t = Traces.resample(lap.trace, s.splineLengthM, options.traceStepM, r.lapTimeMs);
        if (t == null) return;
        t.sessionId = r.sessionId;
        t.carId = r.carId;
        t.carModel = r.carModel;
        t.track = r.track;
        t.trackLayout = r.trackLayout;
        t.lapIndex = r.lapIndex;
        t.lapTimeMs = r.lapTimeMs;
        t.valid = r.valid;
        t.lapClass = r.lapClass;
        t.endTimeMs = r.endTimeMs;
        out.trace(t);
    }

    static LapClass classify(LapAcc lap) {
        if (!lap.endedAtLine) return LapClass.INCOMPLETE;
        if (lap.startedInPitLane && lap.endedInPitLane) return LapClass.PIT;
        if (!lap.startedAtLine || lap.startedInPitLane) return LapClass.OUT;
        if (lap.endedInPitLane) return LapClass.IN;
        if (lap.visitedPitLane) return LapClass.PIT;
        return LapClass.FLYING;
    }

    /**
     * The lap's sectors, as many as the track has. When the game timed every sector but the last,
     * and the lap, the last sector's official time is the lap's minus the others.
     */
    private static SegmentAcc[] sectorsOf(LapAcc lap, TrackerState s, LapRow r) {
        int count = Math.max(s.sectorCount, lap.sectors.length);
        SegmentAcc[] sectors = new SegmentAcc[count];
        System.arraycopy(lap.sectors, 0, sectors, 0, lap.sectors.length);
        SegmentAcc last = sectors[count - 1];
        if (r.officialLapTimeMs != null && last != null && last.timed()) {
            int others = 0;
            for (int i = 0; i < count - 1; i++) {
                if (sectors[i] == null || !sectors[i].timed() || sectors[i].officialMs <= 0)
                    return sectors;
                others += sectors[i].officialMs;
            }
            if (r.officialLapTimeMs - others > 0) last.officialMs = r.officialLapTimeMs - others;
        }
        return sectors;
    }

    private static int[] improve(int[] best, SegmentAcc[] segments, int count) {
        int[] b = best.length >= count ? best : java.util.Arrays.copyOf(best, count);
        for (int i = 0; i < segments.length && i < b.length; i++) {
            SegmentAcc seg = segments[i];
            if (seg == null || !seg.timed() || seg.reasons != 0) continue;
            int t = seg.timeMs();
            if (t > 0 && (b[i] == 0 || t < b[i])) b[i] = t;
        }
        return b;
    }

    private static Integer sum(int[] best) {
        if (best.length == 0) return null;
        int total = 0;
        for (int t : best) {
            if (t <= 0) return null;
            total += t;
        }
        return total;
    }

    private static float mean(double weighted, long ns) {
        return ns <= 0 ? 0f : (float) (weighted / ns);
    }
}
