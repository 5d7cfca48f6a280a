package io.actelemetry.job.laps;

import io.actelemetry.job.frame.Frame;
import io.actelemetry.proto.v1.AcSessionType;
import io.actelemetry.proto.v1.AcStatus;
import io.actelemetry.proto.v1.SampleState;

/**
 * Cuts the frames of one (session, car), fed in time order, into laps, sectors and mini-sectors. No
 * Flink here; {@link LapTrackingFunction} keeps its {@link TrackerState} in keyed state.
 *
 * <p>The rules (Assetto Corsa's traps 7-9 in the shared-memory reference, and what real sessions
 * do):
 *
 * <ul>
 *   <li>The lap fields are used only once they behave like the game's ({@link LapFieldEvidence}),
 *       whatever the format version; until then the rows are held back, and without trust the key
 *       gives no laps.
 *   <li>One impossible or glitched value is replaced and counted before anything else sees it
 *       ({@link Glitches}).
 *   <li>A lap ends at the line, an event over {@link #LINE_WINDOW_NS}: the counter steps by one,
 *       and the lap clock resets, before or after it (or dips through an interpolated value first,
 *       in resampled exports); in hotlap mode, or wherever the game times a lap without a counter,
 *       the clock resets near the spline's zero or with a new last-lap time that matches the clock;
 *       or the clock starts there from zero (a rolling start: the approach before it is an out lap
 *       numbered 0). The crossing is placed where the new lap's clock says it started, so the
 *       computed time does not depend on the sample rate or on the fields' order.
 *   <li>The official time is the game's {@code lastLapMs} once it differs from its value before the
 *       line (it may change a little before the counter, or lag it); the lap waits for it up to
 *       {@link LapOptions#lastLapWaitMs} of driving time, then takes the computed time, flagged
 *       {@link LapRow#lapTimeComputed}. A game time that the samples of a lap driven from the line
 *       contradict is not taken.
 *   <li>The counter going down or jumping, the clock dropping away from any line crossing
 *       (teleport, return to pits, restart, a new session), a jump of the car's position, the game
 *       leaving (status off) and the end of input end the lap as incomplete and start a new run.
 *       Laps without driving time are dropped: no phantom, zero or negative laps.
 *   <li>Only live frames (status live, state live or unknown) are driving; pause, replay, menus and
 *       stalls stop the clock and end nothing: the run goes on when the frames come back with the
 *       same counter, the clock running on and the car where it was. A silence longer than {@link
 *       LapOptions#pauseGapMs} is driving only as far as the physics packetIds or, without them,
 *       the lap clock moved. Skipped packetIds (without them: a silence well beyond the producer's
 *       usual interval) count as sample gaps.
 *   <li>Class: out, in, pit, flying or incomplete ({@link LapClass}); invalid when more tyres than
 *       the allowance were out, the AI drove, or the car was in the pit lane. Personal best, delta
 *       and theoretical bests count valid flying laps and valid segments of the session so far.
 * </ul>
 *
 * The state holds two laps at most (the one driven, the one awaiting its official time), so it
 * stays O(one lap) whatever the session's length.
 */
public final class LapTracker {
    /**
     * The clock reset, the counter step and the new last-lap time of one line crossing arrive
     * within this of each other (several polls at the physics rate, a whole sample at 2.5 Hz); the
     * tracker looks this far ahead.
     */
    public static final long LINE_WINDOW_NS = 1_000_000_000L;

    /** The lap clock must drop by more than this to count as a reset (render-rate jitter). */
    static final int CLOCK_JITTER_MS = 100;

    /** A hotlap clock reset is a line crossing only this close to the spline's zero. */
    private static final float NEAR_LINE = 0.03f;

    /**
     * How far before the frame that shows it a boundary may be placed: no graphics page is older
     * than this.
     */
    private static final long MAX_BACKDATE_NS = 100_000_000L;

    /**
     * A clock that has run no longer than the time since the last sample before a crossing, plus
     * this, started at it.
     */
    private static final long FRESH_NS = 100_000_000L;

    private static final int MAX_SECTORS = 64;

    /** How close the samples must put a repeated game time to accept it as this lap's. */
    private static final int SAME_TIME_MS = 10;

    /**
     * How far the samples of a lap driven from the line may disagree with the game's time for it.
     */
    private static final int AGREE_MS = 2_000;

    private static final double AGREE_FRACTION = 0.05;

    /**
     * A new last-lap time within this of the clock before a reset says the game timed a lap there.
     */
    private static final int LAST_LAP_MATCH_MS = 500;

    /** Just after the line the graphics page may still show the previous lap's sector index. */
    private static final long STALE_PAGE_NS = 500_000_000L;

    /**
     * Without packetIds, a silence this long between driving samples, and this many usual
     * intervals, is a gap.
     */
    private static final long SILENCE_NS = 50_000_000L;

    private static final int GAP_INTERVALS = 4;

    /**
     * A lap clock standing at zero this long before it starts at the line was a rolling start's
     * approach.
     */
    private static final long STOOD_NS = 1_000_000_000L;

    /** A running lap clock that stands still this long, the car not moving, is a stalled game. */
    private static final long STALL_NS = 250_000_000L;

    /** A lap clock at most this far from zero in a run's first sample started at the line. */
    private static final int JUST_STARTED_MS = 500;

    private static final long NO_LINE = Long.MIN_VALUE;

    private final LapOptions options;
    private final TrackerState s;

    public LapTracker(LapOptions options) {
        this(options, new TrackerState());
    }

    /** Resumes from a state an earlier tracker left (restored from a checkpoint). */
    public LapTracker(LapOptions options, TrackerState state) {
        this.options = options;
        this.s = state;
    }

    public TrackerState state() {
        return s;
    }

    /** The next frame of this key, in time order, with the frames known to follow it. */
    public void accept(Frame f, Ahead ahead, LapOutput out) {
        s.frames++;
        identify(f);
        LapFieldEvidence fields = s.fields;
        if (fields.verdict == LapFieldEvidence.NOT_TRUSTED) return;
        LapOutput sink = fields.decided() ? out : s.held;
        if (!driving(f)) {
            // the game left; a stall (state off, status live) ends nothing
            if (f.status == AcStatus.AC_STATUS_OFF_VALUE) endRun(sink);
            s.continuous = false;
            return;
        }
        LastSample p = s.inRun ? s.prev : null;
        if (p != null && f.monotonicNs <= p.monoNs) {
            s.outOfOrderFrames++;
            return;
        }
        int bad = Glitches.clean(f, p, ahead, options.teleportM);
        if (f.completedLaps != 0) s.counterMoved = true;
        if (!fields.decided()) {
            fields.observe(p, f, (bad & ~Glitches.NON_FINITE) != 0);
            if (fields.decide(false) && (sink = judged(out)) == null) return;
        }
        if (p == null) {
            beginRun(f);
        } else {
            track(p, f, ahead, sink);
        }
        count(s.current, bad);
    }

    /**
     * End of this key's input: the open lap ends as incomplete, a waiting lap takes what it has.
     */
    public void finish(LapOutput out) {
        if (s.frames == 0) return;
        if (s.fields.decide(true) && judged(out) == null) return;
        if (s.fields.verdict == LapFieldEvidence.TRUSTED) endRun(out);
    }

    /**
     * The verdict is in: says it, and hands on the rows held so far (trusted) or drops them; null
     * when not trusted.
     */
    private LapOutput judged(LapOutput out) {
        LapFieldEvidence fields = s.fields;
        LapFieldsVerdict v = new LapFieldsVerdict();
        v.sessionId = s.sessionId;
        v.carId = s.carId;
        v.formatVersion = Math.max(0, fields.formatVersion);
        v.trusted = fields.verdict == LapFieldEvidence.TRUSTED;
        v.reason = fields.reason;
        v.frames = s.frames;
        out.lapFields(v);
        HeldRows held = s.held;
        s.held = null;
        if (v.trusted) {
            held.release(out);
            return out;
        }
        s.current = null;
        s.pending = null;
        s.mini = null;
        s.inRun = false;
        return null;
    }

    static boolean driving(Frame f) {
        return f.status == AcStatus.AC_STATUS_LIVE_VALUE
                && (f.state == SampleState.SAMPLE_STATE_LIVE_VALUE
                        || f.state == SampleState.SAMPLE_STATE_UNSPECIFIED_VALUE);
    }

    /** Producers that do not carry the spline position send zero. */
    private static boolean noSpline(LastSample p, Frame f) {
        return p.spline == 0 && f.normalizedCarPos == 0;
    }

    /** Near the spline's zero and moving a little forward, not jumping there. */
    private static boolean crossedNearSplineZero(float before, float now) {
        float moved = now - before;
        if (moved < -0.5f) moved += 1f;
        return (now < NEAR_LINE || now > 1 - NEAR_LINE) && moved > -0.001f && moved < 0.02f;
    }

    private boolean teleported(LastSample p, Frame f, long dtNs) {
        boolean unknown =
                (p.x == 0 && p.y == 0 && p.z == 0) || (f.posX == 0 && f.posY == 0 && f.posZ == 0);
        if (unknown) return false;
        double dx = f.posX - p.x, dy = f.posY - p.y, dz = f.posZ - p.z;
        double moved = Math.sqrt(dx * dx + dy * dy + dz * dz);
        long drivenNs = s.continuous ? dtNs : 0; // the car does not move while paused
        double possible = Math.max(p.speedKmh, f.speedKmh) / 3.6 * (drivenNs / 1e9) * 1.5;
        return moved > options.teleportM + possible;
    }

    private void identify(Frame f) {
        if (s.sessionId == null) {
            s.sessionId = f.sessionId;
            s.carId = f.carId;
        }
        if (named(f.driver)) s.driver = f.driver;
        if (named(f.carModel)) s.carModel = f.carModel;
        if (named(f.track)) s.track = f.track;
        if (f.trackConfiguration != null && (named(f.track) || s.trackLayout == null))
            s.trackLayout = f.trackConfiguration;
        if (f.sectorCount > 0) s.sectorCount = Math.min(f.sectorCount, MAX_SECTORS);
        if (f.trackSplineLengthM > 0 && Float.isFinite(f.trackSplineLengthM))
            s.splineLengthM = f.trackSplineLengthM;
    }

    /** A name, not an empty field or a stray number (loggers write a car model of "0"). */
    private static boolean named(String v) {
        if (v == null) return false;
        for (int i = 0; i < v.length(); i++) if (Character.isLetter(v.charAt(i))) return true;
        return false;
    }

    private static void count(LapAcc lap, int bad) {
        if (bad == 0) return;
        if ((bad & Glitches.COUNTER) != 0) lap.ignoredCounter++;
        if ((bad & Glitches.CLOCK) != 0) lap.ignoredClock++;
        if ((bad & Glitches.LAST_LAP) != 0) lap.ignoredLastLap++;
        if ((bad & Glitches.SPLINE) != 0) lap.ignoredSpline++;
        if ((bad & Glitches.POSITION) != 0) lap.ignoredPosition++;
        if ((bad & Glitches.NON_FINITE) != 0) lap.ignoredNonFinite++;
    }

    // ---- runs

    private void beginRun(Frame f) {
        s.run++;
        s.inRun = true;
        s.continuous = true;
        s.counterDueNs = 0;
        s.clockResetDueNs = 0;
        s.lastLapChangedNs = 0;
        s.lastLapBefore = f.lastLapMs;
        s.clockChangedNs = f.monotonicNs;
        // a log that starts on the line, its lap clock just started: the first lap is timed from
        // there
        boolean nearLine = f.normalizedCarPos < NEAR_LINE || f.normalizedCarPos > 1 - NEAR_LINE;
        int sinceLine =
                s.run == 1
                                && f.currentLapMs > 0
                                && f.currentLapMs <= JUST_STARTED_MS
                                && nearLine
                                && !f.inPitLane
                                && !f.inPit
                        ? f.currentLapMs
                        : -1;
        s.current =
                sinceLine >= 0
                        ? newLap(
                                f,
                                true,
                                f.completedLaps + 1,
                                f.monotonicNs - sinceLine * 1_000_000L,
                                f.eventTimeMs - sinceLine,
                                0,
                                f.speedKmh)
                        : newLap(
                                f,
                                false,
                                f.completedLaps + 1,
                                f.monotonicNs,
                                f.eventTimeMs,
                                f.currentSectorIndex,
                                f.speedKmh);
        s.mini = new SegmentAcc();
        s.mini.start(
                miniBin(f.normalizedCarPos), false, f.eventTimeMs, f.normalizedCarPos, f.speedKmh);
        s.mini.sample(f.speedKmh, f.steer, false, reasons(f));
        s.miniOwner = TrackerState.NOBODY;
        s.brakeOn = f.brake > 0.10f; // a pedal already pressed is not a new application
        sample(s.current, f, false);
        trace(s.current, f);
        s.prev.set(f);
    }

    private void restart(Frame f, LapOutput out) {
        endRun(out);
        beginRun(f);
    }

    /**
     * The run stops where the last driving sample was: a waiting lap takes what it has, the open
     * one is incomplete.
     */
    private void endRun(LapOutput out) {
        LapAcc q = s.pending;
        if (q != null) {
            if (q.officialMs == 0) q.officialMs = officialLapTime(s.prev.lastLapMs, q, true);
            emit(q, out);
        }
        s.pending = null;
        if (s.current != null) {
            LapAcc lap = s.current;
            lap.endedAtLine = false;
            lap.endEventMs = s.prev.eventMs;
            emit(lap, out);
        }
        s.current = null;
        s.mini = null;
        s.miniOwner = TrackerState.NOBODY;
        s.inRun = false;
    }

    private LapAcc newLap(
            Frame f,
            boolean atLine,
            int lapNumber,
            long ns,
            long eventMs,
            int sectorIndex,
            float speed) {
        LapAcc lap = new LapAcc();
        lap.run = s.run;
        lap.lapNumber = lapNumber;
        lap.sessionType = f.sessionType;
        lap.startedAtLine = atLine;
        lap.startedInPitLane = f.inPitLane;
        lap.startNs = ns;
        lap.startEventMs = eventMs;
        lap.all.start(0, atLine, eventMs, f.normalizedCarPos, speed);
        lap.minis = new SegmentAcc[options.miniSectors];
        lap.openSector = atLine ? 0 : Math.max(0, Math.min(sectorIndex, MAX_SECTORS - 1));
        lap.sector(lap.openSector)
                .start(lap.openSector, atLine, eventMs, f.normalizedCarPos, speed);
        lap.fuelEndL = f.fuelL;
        lap.clockStood = !atLine && f.currentLapMs == 0;
        return lap;
    }

    // ---- the line, an event over a short window

    /**
     * A driving sample after {@code p} in the same run: a line crossing, a restart, or one more
     * sample of the lap.
     */
    private void track(LastSample p, Frame f, Ahead ahead, LapOutput out) {
        long dt = f.monotonicNs - p.monoNs;
        if (f.completedLaps < p.completedLaps
                || f.completedLaps > p.completedLaps + 1
                || teleported(p, f, dt)) {
            restart(f, out);
            return;
        }
        boolean counterUp = f.completedLaps > p.completedLaps;
        boolean clockReset = f.currentLapMs + CLOCK_JITTER_MS < p.currentLapMs;
        // the other half of a line crossing placed already
        if (counterUp && f.monotonicNs <= s.counterDueNs) {
            counterUp = false;
            s.counterDueNs = 0;
        }
        if (clockReset && f.monotonicNs <= s.clockResetDueNs) {
            clockReset = false;
        }
        LapAcc lap = s.current;
        boolean nearLine = crossedNearSplineZero(p.spline, f.normalizedCarPos);
        long line = NO_LINE;
        int number = 0;
        if (counterUp) {
            number = f.completedLaps + 1;
            line = clockRestart(p, f, ahead);
            if (line == NO_LINE) {
                line = p.monoNs + dt / 2; // no clock to say: between the two samples
                s.clockResetDueNs = f.monotonicNs + LINE_WINDOW_NS;
            }
        } else if (clockReset) {
            if (counterStepsSoon(f, p.completedLaps + 1, ahead)) {
                s.counterDueNs = f.monotonicNs + LINE_WINDOW_NS;
                number = p.completedLaps + 2;
            } else if ((f.sessionType == AcSessionType.AC_SESSION_TYPE_HOTLAP_VALUE && nearLine)
                    || (!s.counterMoved && nearLine && !noSpline(p, f))
                    || lastLapTimesTheLap(p, f, ahead)) {
                number = lap.lapNumber + 1;
            } else {
                restart(f, out);
                return;
            }
            line = clockRestart(p, f, ahead);
            if (line == NO_LINE) line = f.monotonicNs - f.currentLapMs * 1_000_000L;
        } else if (lap.clockStood
                && lap.all.drivingNs > STOOD_NS
                && f.currentLapMs > 0
                && f.currentLapMs <= dt / 1_000_000L + CLOCK_JITTER_MS
                && (nearLine || noSpline(p, f))) {
            // a rolling start: the clock stood at zero until the car crossed the line
            line = f.monotonicNs - f.currentLapMs * 1_000_000L;
            number = f.completedLaps + 1;
            lap.lapNumber = f.completedLaps; // the approach is lap 0
        }
        step(p, f, dt, line, number, out);
    }

    /**
     * When the lap clock restarted from zero, as the samples from {@code f} on within the window
     * show it: the first one after a drop whose clock has run no longer than the time since {@code
     * p}, the last sample before the crossing. A clock that dips through an interpolated value
     * first, or resets only after the counter, is followed to that sample, whose own drop then
     * belongs to this crossing. {@link #NO_LINE} when the clock does not restart within the window.
     */
    private long clockRestart(LastSample p, Frame f, Ahead ahead) {
        int beforeMs = p.currentLapMs;
        boolean dropped = false;
        long dropNs = NO_LINE;
        Frame r = f;
        for (int i = -1; i < ahead.count(); i++) {
            if (i >= 0) {
                r = ahead.get(i);
                if (r.monotonicNs - f.monotonicNs > LINE_WINDOW_NS) break;
                if (!driving(r)) continue;
            }
            if (r.currentLapMs + CLOCK_JITTER_MS < beforeMs) {
                dropped = true;
                if (dropNs == NO_LINE) dropNs = r.monotonicNs;
            }
            long clockNs = Math.max(0, r.currentLapMs) * 1_000_000L;
            if (dropped && clockNs <= r.monotonicNs - p.monoNs + FRESH_NS) {
                if (r != f) s.clockResetDueNs = r.monotonicNs;
                return r.monotonicNs - clockNs;
            }
            beforeMs = r.currentLapMs;
        }
        if (dropNs == NO_LINE) return NO_LINE;
        s.clockResetDueNs = Math.max(s.clockResetDueNs, dropNs);
        return dropNs == f.monotonicNs
                ? f.monotonicNs - Math.max(0, f.currentLapMs) * 1_000_000L
                : dropNs;
    }

    /**
     * Whether the counter reaches {@code target} within the window after {@code f}: a reset just
     * before the step.
     */
    private static boolean counterStepsSoon(Frame f, int target, Ahead ahead) {
        for (int i = 0; i < ahead.count(); i++) {
            Frame g = ahead.get(i);
            if (g.monotonicNs - f.monotonicNs > LINE_WINDOW_NS) return false;
            if (driving(g) && g.completedLaps == target) return true;
        }
        return false;
    }

    /**
     * Whether the game timed a lap at this clock reset: the last-lap time changed within the window
     * before it, or changes within the window after it, to what the clock had run.
     */
    private boolean lastLapTimesTheLap(LastSample p, Frame f, Ahead ahead) {
        long lowMs = p.currentLapMs - LAST_LAP_MATCH_MS;
        long highMs = p.currentLapMs + (f.monotonicNs - p.monoNs) / 1_000_000L + LAST_LAP_MATCH_MS;
        if (s.lastLapChangedNs > s.current.startNs
                && f.monotonicNs - s.lastLapChangedNs <= LINE_WINDOW_NS) {
            return p.lastLapMs >= lowMs && p.lastLapMs <= highMs;
        }
        for (int i = -1; i < ahead.count(); i++) {
            Frame g = i < 0 ? f : ahead.get(i);
            if (g.monotonicNs - f.monotonicNs > LINE_WINDOW_NS) return false;
            if (driving(g) && g.lastLapMs != p.lastLapMs)
                return g.lastLapMs >= lowMs && g.lastLapMs <= highMs;
        }
        return false;
    }

    // ---- one interval between two driving samples

    private void step(LastSample p, Frame f, long dt, long line, int number, LapOutput out) {
        boolean packetIds = p.packetId > 0 && f.packetId > 0;
        // packetIds skipped between two driving samples (frames in between, such as a pause, do not
        // count)
        int missing =
                s.continuous && packetIds && f.packetId > p.packetId
                        ? f.packetId - p.packetId - 1
                        : 0;
        // a gap is well beyond the producer's usual rate, once that is known: the bridge polls
        // every physics step, a
        // logger with packetIds skips dozens at each poll
        boolean known = s.typicalDtNs > 0;
        boolean gap =
                known
                        && (packetIds
                                ? missing > GAP_INTERVALS * s.typicalMissing
                                : dt > Math.max(SILENCE_NS, GAP_INTERVALS * s.typicalDtNs));
        if (!gap && dt <= LapFieldEvidence.INTERVAL_NS) {
            s.typicalDtNs = known ? s.typicalDtNs + (dt - s.typicalDtNs) / 8 : dt;
            s.typicalMissing =
                    known ? s.typicalMissing + (missing - s.typicalMissing) / 8 : missing;
        }
        long drive = drivingTime(p, f, dt, missing, line != NO_LINE);
        boolean rise = brakeRise(f);
        stepMini(p, f, drive, rise);

        LapAcc lap = s.current;
        if (drive < dt) lap.pausedNs += dt - drive;
        if (line != NO_LINE) {
            long tc = lineTime(p, f, drive, line);
            // the part of the interval after the line is the new lap's (a line placed before p
            // moves time back)
            long after = drive == dt ? f.monotonicNs - tc : Math.min(drive, f.monotonicNs - tc);
            endAtLine(lap, p, f, tc, drive - after, out);
            LapAcc ended = lap;
            float speedAtLine = lerp(p.speedKmh, f.speedKmh, fraction(p, f, tc));
            lap = newLap(f, true, number, tc, lap.endEventMs, 0, speedAtLine);
            traceLine(ended, lap, p, f, fraction(p, f, tc));
            s.current = lap;
            drive = after;
            lap.sectors[0].drive(drive, f.gas, f.brake);
        } else {
            stepSector(lap, p, f, drive);
        }
        lap.all.drive(drive, f.gas, f.brake);
        drivingStats(lap, p, f, drive);
        if (gap) lap.missingSamples += missing;
        if (gap && drive > dt / 2)
            lap.sampleGaps++; // a silence the game spent paused is a pause, not lost driving
        sample(lap, f, rise);
        trace(lap, f);
        s.continuous = true;
        awaitOfficialTimes(f, drive, out);
        if (f.lastLapMs != p.lastLapMs) {
            s.lastLapBefore = p.lastLapMs;
            s.lastLapChangedNs = f.monotonicNs;
        }
        if (f.currentLapMs != p.currentLapMs) s.clockChangedNs = f.monotonicNs;
        s.prev.set(f);
    }

    /**
     * How much of the interval was driving: all of it, unless a pause, replay or menu came in
     * between, or a silence longer than the pause gap in which the physics did not move (no
     * packetIds skipped) or, without packetIds, in which the lap clock stood: a paused logger
     * writes nothing and the game's clock stops with it.
     */
    private long drivingTime(LastSample p, Frame f, long dt, int missing, boolean line) {
        if (!s.continuous || stalled(p, f)) return 0;
        if (dt <= options.pauseGapMs * 1_000_000L) return dt;
        if (p.packetId > 0 && f.packetId > 0) return missing > 0 ? dt : 0;
        if (line) return dt; // the clock restarted in the silence: the game's lap time will say
        return Math.max(0, Math.min(dt, (f.currentLapMs - p.currentLapMs) * 1_000_000L));
    }

    /**
     * A logger polling a stalled game (physics frozen, status still live) reads the same samples
     * again: without packetIds to say so, a lap clock that has stood still for a while and a car
     * that has not moved tell it.
     */
    private boolean stalled(LastSample p, Frame f) {
        if (p.packetId > 0 || f.currentLapMs <= 0 || f.currentLapMs != p.currentLapMs) return false;
        boolean moved = f.posX != p.x || f.posY != p.y || f.posZ != p.z;
        // p read the same clock as the sample before it too: one repaired glitch is not a stall
        return !moved && p.monoNs > s.clockChangedNs && f.monotonicNs - s.clockChangedNs > STALL_NS;
    }

    /**
     * The lap ends at the line at {@code tc}, after {@code before} ns of driving since the previous
     * sample, and waits for its time.
     */
    private void endAtLine(LapAcc lap, LastSample p, Frame f, long tc, long before, LapOutput out) {
        SegmentAcc sector = lap.sectors[lap.openSector];
        sector.drive(before, f.gas, f.brake);
        sector.close(f.normalizedCarPos, lerp(p.speedKmh, f.speedKmh, fraction(p, f, tc)));
        lap.all.drive(before, f.gas, f.brake);
        drivingStats(lap, null, f, before);
        lap.endedAtLine = true;
        lap.endedInPitLane = p.inPitLane;
        lap.endEventMs = f.eventTimeMs - Math.round((f.monotonicNs - tc) / 1e6);
        // a last-lap time that changed just before the line is this lap's; otherwise the lap waits
        // for a change
        boolean early =
                s.lastLapChangedNs > lap.startNs && tc - s.lastLapChangedNs <= LINE_WINDOW_NS;
        lap.lastLapBaseline = early ? s.lastLapBefore : p.lastLapMs;
        lap.waitedNs = 0;
        if (s.pending != null)
            emit(s.pending, out); // a whole lap later: its official time is not coming
        s.pending = lap;
        if (s.miniOwner == TrackerState.CURRENT) s.miniOwner = TrackerState.PENDING;
    }

    /** Where the line was, as {@code estimate} puts it, kept near the interval that shows it. */
    private long lineTime(LastSample p, Frame f, long drive, long estimate) {
        long earliest = Math.max(p.monoNs - MAX_BACKDATE_NS, s.current.startNs + 1);
        if (drive == 0) earliest = p.monoNs;
        return Math.max(earliest, Math.min(estimate, f.monotonicNs));
    }

    /**
     * When the graphics page {@code p} showed was rendered (first seen), bounded; {@code p} itself
     * across a pause.
     */
    private static long previousRender(LastSample p, Frame f, long drive) {
        return drive > 0 ? Math.max(p.splineSinceNs, f.monotonicNs - MAX_BACKDATE_NS) : p.monoNs;
    }

    private static double fraction(LastSample p, Frame f, long t) {
        double span = f.monotonicNs - p.monoNs;
        return span <= 0 ? 1 : Math.max(0, Math.min(1, (t - p.monoNs) / span));
    }

    private static float lerp(float a, float b, double fraction) {
        return (float) (a + (b - a) * fraction);
    }

    private void stepSector(LapAcc lap, LastSample p, Frame f, long drive) {
        int idx = f.currentSectorIndex;
        SegmentAcc open = lap.sectors[lap.openSector];
        if (idx == lap.openSector + 1 && idx < MAX_SECTORS) {
            // the index is on the graphics page: it changed between the previous render and this
            // one
            long from = previousRender(p, f, drive);
            long t = from + (f.monotonicNs - from) / 2;
            long before = drive > 0 ? Math.min(drive, t - p.monoNs) : 0;
            open.drive(before, f.gas, f.brake);
            float v = lerp(p.speedKmh, f.speedKmh, 0.5);
            open.close(lerp(p.spline, f.normalizedCarPos, 0.5), v);
            lap.sectorWait = lap.openSector;
            lap.sectorBaseline = p.lastSectorTimeMs;
            lap.sectorWaitedNs = 0;
            lap.openSector = idx;
            lap.sector(idx)
                    .start(
                            idx,
                            true,
                            f.eventTimeMs - Math.round((f.monotonicNs - t) / 1e6),
                            f.normalizedCarPos,
                            v);
            lap.sectors[idx].drive(drive - before, f.gas, f.brake);
        } else {
            if (idx > lap.openSector + 1
                    && idx < MAX_SECTORS
                    && f.monotonicNs - lap.startNs > STALE_PAGE_NS) {
                // a sector was skipped (lost samples): the open one cannot be timed
                open.clean = false;
                lap.openSector = idx;
                lap.sector(idx).start(idx, false, f.eventTimeMs, f.normalizedCarPos, f.speedKmh);
            }
            // otherwise the index is the previous lap's, still on a stale graphics page
            open = lap.sectors[lap.openSector];
            open.drive(drive, f.gas, f.brake);
        }
    }

    private void drivingStats(LapAcc lap, LastSample p, Frame f, long drive) {
        double seconds = drive / 1e9;
        lap.distanceM += f.speedKmh / 3.6 * seconds;
        if (f.gas < SegmentAcc.BRAKING && f.brake < SegmentAcc.BRAKING) lap.coastingNs += drive;
        if (f.tyresOut > options.tyresOutAllowance) lap.offTrackNs += drive;
        if (f.tyreCoreTempC != null && f.tyreCoreTempC.length >= 4) {
            for (int i = 0; i < 4; i++) lap.tyreTempNs[i] += (double) f.tyreCoreTempC[i] * drive;
        }
        if (p != null) {
            if (f.gear != p.gear) lap.gearChanges++;
            if (f.fuelL < p.fuelL)
                lap.fuelUsedL += p.fuelL - f.fuelL; // refuelling is not consumption
        }
    }

    /**
     * Everything about the sample itself (not the interval before it) for the lap and its open
     * sector.
     */
    private void sample(LapAcc lap, Frame f, boolean brakeRise) {
        int reasons = reasons(f);
        lap.all.sample(f.speedKmh, f.steer, brakeRise, reasons);
        lap.sectors[lap.openSector].sample(f.speedKmh, f.steer, brakeRise, reasons);
        lap.peakLateralG = Math.max(lap.peakLateralG, Math.abs(f.accLatG));
        lap.peakLongitudinalG = Math.max(lap.peakLongitudinalG, Math.abs(f.accLonG));
        lap.maxTyresOut = Math.max(lap.maxTyresOut, f.tyresOut);
        lap.visitedPitLane |= f.inPitLane;
        lap.clockStood &= f.currentLapMs == 0;
        lap.fuelEndL = f.fuelL;
        if (f.tyrePressurePsi != null && f.tyrePressurePsi.length >= 4) {
            System.arraycopy(f.tyrePressurePsi, 0, lap.tyrePressureEndPsi, 0, 4);
        }
    }

    /** The sample for the lap's trace, at the lap's driving time so far. */
    private static void trace(LapAcc lap, Frame f) {
        lap.trace.sample(
                (float) (lap.all.drivingNs / 1e6),
                f.normalizedCarPos,
                f.posX,
                f.posZ,
                f.speedKmh,
                f.gas,
                f.brake,
                f.gear,
                f.steer,
                f.accLatG);
    }

    /**
     * The line, {@code at} of the way from {@code p} to {@code f}: the last point of the lap that
     * {@code ended} there and the first of the one that {@code started}.
     */
    private static void traceLine(LapAcc ended, LapAcc started, LastSample p, Frame f, double at) {
        float moved = f.normalizedCarPos - p.spline;
        if (moved < -0.5f) moved += 1f;
        float spline = p.spline + (float) (moved * at);
        if (spline >= 1f) spline -= 1f;
        float x = lerp(p.x, f.posX, at);
        float z = lerp(p.z, f.posZ, at);
        float v = lerp(p.speedKmh, f.speedKmh, at);
        float endMs = (float) (ended.all.drivingNs / 1e6);
        ended.trace.add(endMs, spline, x, z, v, f.gas, f.brake, f.gear, f.steer, f.accLatG);
        started.trace.add(0f, spline, x, z, v, f.gas, f.brake, f.gear, f.steer, f.accLatG);
    }

    private int reasons(Frame f) {
        int r = 0;
        if (f.tyresOut > options.tyresOutAllowance) r |= Invalidity.TYRES_OUT;
        if (f.aiControlled) r |= Invalidity.AI_CONTROLLED;
        if (f.inPitLane) r |= Invalidity.PIT_LANE;
        return r;
    }

    /** Brake applications with hysteresis, so a trembling pedal is one application. */
    private boolean brakeRise(Frame f) {
        if (!s.brakeOn && f.brake > 0.10f) {
            s.brakeOn = true;
            return true;
        }
        if (s.brakeOn && f.brake < SegmentAcc.BRAKING) s.brakeOn = false;
        return false;
    }

    // ---- mini-sectors

    private int miniBin(float spline) {
        int n = options.miniSectors;
        return Math.max(0, Math.min(n - 1, (int) Math.floor(spline * n)));
    }

    private void stepMini(LastSample p, Frame f, long drive, boolean rise) {
        int n = options.miniSectors;
        SegmentAcc mini = s.mini;
        int bin = miniBin(f.normalizedCarPos);
        float moved = f.normalizedCarPos - p.spline;
        if (moved < -0.5f) moved += 1f; // across the spline's zero
        else if (moved > 0.5f) moved -= 1f;
        if (bin != mini.index) {
            if (bin == (mini.index + 1) % n && moved > 0) {
                float boundary = bin == 0 ? 1f : (float) bin / n;
                float toBoundary = boundary - p.spline;
                if (toBoundary < 0) toBoundary += 1f;
                double frac = Math.max(0, Math.min(1, toBoundary / moved));
                // interpolate from when the previous position was first shown: the page repeats it
                // for a render frame
                long from = previousRender(p, f, drive);
                long t = from + Math.round((f.monotonicNs - from) * frac);
                long first = drive > 0 ? Math.min(drive, t - p.monoNs) : 0;
                mini.drive(first, f.gas, f.brake);
                float v = lerp(p.speedKmh, f.speedKmh, frac);
                mini.close(boundary, v);
                keepMini(mini);
                mini = new SegmentAcc();
                mini.start(
                        bin,
                        true,
                        f.eventTimeMs - Math.round((f.monotonicNs - t) / 1e6),
                        (float) bin / n,
                        v);
                drive -= first;
            } else {
                // reversing, or a jump over a boundary: the open mini-sector cannot be timed
                mini = new SegmentAcc();
                mini.start(bin, false, f.eventTimeMs, f.normalizedCarPos, f.speedKmh);
            }
            s.mini = mini;
            s.miniOwner = TrackerState.NOBODY;
        }
        mini.drive(drive, f.gas, f.brake);
        mini.sample(f.speedKmh, f.steer, rise, reasons(f));
        if (s.miniOwner == TrackerState.NOBODY && f.normalizedCarPos * n - bin >= 0.5f) {
            s.miniOwner =
                    TrackerState
                            .CURRENT; // it belongs to the lap in which the car passes its middle
        }
    }

    private void keepMini(SegmentAcc mini) {
        if (!mini.timed()) return;
        LapAcc owner =
                s.miniOwner == TrackerState.CURRENT
                        ? s.current
                        : s.miniOwner == TrackerState.PENDING ? s.pending : null;
        if (owner != null) owner.minis[mini.index] = mini;
        if (s.miniOwner == TrackerState.PENDING) s.miniOwner = TrackerState.NOBODY;
    }

    // ---- official times

    /**
     * The game's sector and lap times, awaited for {@link LapOptions#lastLapWaitMs} of driving time
     * after their boundary.
     */
    private void awaitOfficialTimes(Frame f, long drive, LapOutput out) {
        long waitNs = options.lastLapWaitMs * 1_000_000L;
        LapAcc lap = s.current;
        if (lap.sectorWait >= 0) {
            SegmentAcc sector = lap.sectors[lap.sectorWait];
            lap.sectorWaitedNs += drive;
            boolean waited = lap.sectorWaitedNs > waitNs;
            int official =
                    officialTime(
                            f.lastSectorTimeMs, lap.sectorBaseline, sector.computedMs(), waited);
            if (official > 0) sector.officialMs = official;
            if (official > 0 || waited) lap.sectorWait = -1;
        }
        LapAcc q = s.pending;
        if (q == null) return;
        q.waitedNs += drive;
        boolean waited = q.waitedNs > waitNs;
        if (q.officialMs == 0) q.officialMs = officialLapTime(f.lastLapMs, q, waited);
        if ((q.officialMs > 0 && s.miniOwner != TrackerState.PENDING) || waited) {
            emit(q, out);
            s.pending = null;
            if (s.miniOwner == TrackerState.PENDING) s.miniOwner = TrackerState.NOBODY;
        }
    }

    /**
     * The game's time for the lap {@code q}, unless the samples of a lap driven from the line
     * contradict it.
     */
    private static int officialLapTime(int shown, LapAcc q, boolean waited) {
        int computed = q.all.computedMs();
        int official = officialTime(shown, q.lastLapBaseline, computed, waited);
        if (official > 0
                && q.startedAtLine
                && Math.abs(official - computed) > Math.max(AGREE_MS, computed * AGREE_FRACTION)) {
            return 0;
        }
        return official;
    }

    /**
     * The game's time once it differs from the value it showed before the boundary. Two laps (or
     * sectors) can take the same millisecond count, so after the wait an unchanged value is taken
     * when the samples agree with it.
     */
    private static int officialTime(int shown, int before, int computedMs, boolean waited) {
        if (shown <= 0) return 0;
        if (shown != before) return shown;
        return waited && Math.abs(shown - computedMs) <= SAME_TIME_MS ? shown : 0;
    }

    private void emit(LapAcc lap, LapOutput out) {
        if (lap.all.drivingNs <= 0 || lap.all.samples < 2)
            return; // nothing was driven: no phantom lap
        LapRows.emit(lap, s, options, out);
    }
}
