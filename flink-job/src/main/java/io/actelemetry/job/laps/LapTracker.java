package io.actelemetry.job.laps;

import io.actelemetry.job.frame.Frame;

/**
 * Cuts the frames of one (session, car), fed in time order, into laps, sectors and mini-sectors. No Flink
 * here; {@link LapTrackingFunction} keeps its {@link TrackerState} in keyed state.
 *
 * <p>The rules (Assetto Corsa's traps 7-9 in {@code ac-shared-memory.md}):
 * <ul>
 *   <li>A lap ends at the line: {@code completedLaps} goes up, or, in hotlap mode (session type 3), the lap
 *       clock resets near the spline's zero with the counter unchanged, or the clock starts there from zero
 *       (a rolling start: the approach before it is an out lap numbered 0). The crossing is placed at the boundary
 *       frame's time minus its lap clock, so the computed time does not depend on the sample rate.</li>
 *   <li>The official time is the game's {@code lastLapMs} once it differs from its value before the line; it
 *       may lag by frames, so the lap waits for it up to {@link LapOptions#lastLapWaitMs} (host time) and then
 *       takes the computed time, flagged {@link LapRow#lapTimeComputed}.</li>
 *   <li>The counter going down, the clock dropping outside hotlap line crossings (teleport, return to pits,
 *       restart), a jump of the car's position, the game leaving (state or status off) and the end of input
 *       end the lap as incomplete and start a new run. Laps without driving time are dropped: no phantom,
 *       zero or negative laps.</li>
 *   <li>Only live frames (status live, state live or unknown) are driving; pause, replay and menus stop the
 *       clock, and so does a silence longer than {@link LapOptions#pauseGapMs} while packetIds do not move.
 *       Skipped physics packetIds (without packetIds: a silence over 50 ms) count as sample gaps.</li>
 *   <li>Frames of the original bridge (format version 0) carry untrustworthy graphics: they give no laps, and
 *       {@link #finish} reports the key as {@link NoLapData} when they were all it had.</li>
 *   <li>Class: out, in, pit, flying or incomplete ({@link LapClass}); invalid when more tyres than the
 *       allowance were out, the AI drove, or the car was in the pit lane. Personal best, delta and
 *       theoretical bests count valid flying laps and valid segments of the session so far.</li>
 * </ul>
 * The state holds two laps at most (the one driven, the one awaiting its official time), so it stays
 * O(one lap) whatever the session's length.
 */
public final class LapTracker {
    static final int HOTLAP = 3;
    private static final int STATUS_OFF = 0;
    private static final int STATUS_LIVE = 2;
    private static final int STATE_UNKNOWN = 0;
    private static final int STATE_LIVE = 1;
    private static final int STATE_OFF = 4;
    /** The lap clock must drop by more than this to count as a reset (render-rate jitter). */
    private static final int CLOCK_JITTER_MS = 100;
    /** A hotlap clock reset is a line crossing only this close to the spline's zero. */
    private static final float NEAR_LINE = 0.03f;
    /** How far before the frame that shows it a boundary may be placed: no graphics page is older than this. */
    private static final long MAX_BACKDATE_NS = 100_000_000L;
    private static final int MAX_SECTORS = 64;
    /** How close the samples must put a repeated game time to accept it as this lap's. */
    private static final int SAME_TIME_MS = 10;
    /** Just after the line the graphics page may still show the previous lap's sector index. */
    private static final long STALE_PAGE_NS = 500_000_000L;
    /** Without packetIds, a silence this long between driving samples is a gap (the bridge's pause threshold). */
    private static final long SILENCE_NS = 50_000_000L;
    /** A lap clock standing at zero this long before it starts at the line was a rolling start's approach. */
    private static final long STOOD_NS = 1_000_000_000L;

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

    /** The next frame of this key, in time order. */
    public void accept(Frame f, LapOutput out) {
        s.frames++;
        identify(f);
        if (f.formatVersion == 0) {
            s.legacyFrames++;
            return;
        }
        if (!driving(f)) {
            if (f.state == STATE_OFF || f.status == STATUS_OFF) endRun(out);
            s.continuous = false;
            return;
        }
        if (!s.inRun) {
            beginRun(f);
            return;
        }
        LastSample p = s.prev;
        long dt = f.monotonicNs - p.monoNs;
        if (dt <= 0) {
            s.outOfOrderFrames++;
            return;
        }
        if (f.completedLaps < p.completedLaps || teleported(p, f, dt)) {
            restart(f, out);
            return;
        }
        boolean clockReset = f.currentLapMs + CLOCK_JITTER_MS < p.currentLapMs;
        boolean nearLine = crossedNearSplineZero(p.spline, f.normalizedCarPos);
        // a rolling start: the clock stood at zero until the car crossed the line
        LapAcc lap = s.current;
        boolean clockStart = lap.clockStood && lap.all.drivingNs > STOOD_NS && f.currentLapMs > 0
                && f.currentLapMs < CLOCK_JITTER_MS && nearLine;
        boolean line = f.completedLaps > p.completedLaps || clockStart
                || (clockReset && f.sessionType == HOTLAP && nearLine);
        if (clockReset && !line) {
            restart(f, out);
            return;
        }
        step(p, f, dt, line, out);
    }

    /** End of this key's input: the open lap ends as incomplete, a waiting lap takes what it has. */
    public void finish(LapOutput out) {
        if (s.frames > 0 && s.legacyFrames == s.frames) {
            out.noLapData(new NoLapData(s.sessionId, s.carId, s.frames,
                    "frames of the original bridge (format version 0): lap fields not trustworthy"));
            s.legacyFrames = 0; // reported once
            s.frames = 0;
            return;
        }
        endRun(out);
    }

    private static boolean driving(Frame f) {
        return f.status == STATUS_LIVE && (f.state == STATE_LIVE || f.state == STATE_UNKNOWN);
    }

    /** Near the spline's zero and moving a little forward, not jumping there. */
    private static boolean crossedNearSplineZero(float before, float now) {
        float moved = now - before;
        if (moved < -0.5f) moved += 1f;
        return (now < NEAR_LINE || now > 1 - NEAR_LINE) && moved > -0.001f && moved < 0.02f;
    }

    private boolean teleported(LastSample p, Frame f, long dtNs) {
        boolean unknown = (p.x == 0 && p.y == 0 && p.z == 0) || (f.posX == 0 && f.posY == 0 && f.posZ == 0);
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
        if (f.formatVersion == 0) return; // the original bridge's static and graphics fields are not trustworthy
        if (notEmpty(f.driver)) s.driver = f.driver;
        if (notEmpty(f.carModel)) s.carModel = f.carModel;
        if (notEmpty(f.track)) s.track = f.track;
        if (f.trackConfiguration != null && (notEmpty(f.track) || s.trackLayout == null)) s.trackLayout = f.trackConfiguration;
        if (f.sectorCount > 0) s.sectorCount = Math.min(f.sectorCount, MAX_SECTORS);
    }

    private static boolean notEmpty(String v) {
        return v != null && !v.isEmpty();
    }

    // ---- runs

    private void beginRun(Frame f) {
        s.run++;
        s.inRun = true;
        s.continuous = true;
        s.current = newLap(f, false, f.completedLaps + 1, f.monotonicNs, f.eventTimeMs, f.currentSectorIndex,
                f.speedKmh);
        s.mini = new SegmentAcc();
        s.mini.start(miniBin(f.normalizedCarPos), false, f.eventTimeMs, f.normalizedCarPos, f.speedKmh);
        s.mini.sample(f.speedKmh, f.steer, false, reasons(f));
        s.miniOwner = TrackerState.NOBODY;
        s.brakeOn = f.brake > 0.10f; // a pedal already pressed is not a new application
        sample(s.current, f, false);
        s.prev.set(f);
    }

    private void restart(Frame f, LapOutput out) {
        endRun(out);
        beginRun(f);
    }

    /** The run stops where the last driving sample was: a waiting lap takes what it has, the open one is incomplete. */
    private void endRun(LapOutput out) {
        LapAcc q = s.pending;
        if (q != null) {
            if (q.officialMs == 0) q.officialMs = officialTime(s.prev.lastLapMs, q.lastLapBaseline, q.all.computedMs(), true);
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

    private LapAcc newLap(Frame f, boolean atLine, int lapNumber, long ns, long eventMs, int sectorIndex, float speed) {
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
        lap.sector(lap.openSector).start(lap.openSector, atLine, eventMs, f.normalizedCarPos, speed);
        lap.fuelEndL = f.fuelL;
        lap.clockStood = !atLine && f.currentLapMs == 0;
        return lap;
    }

    // ---- one interval between two driving samples

    private void step(LastSample p, Frame f, long dt, boolean line, LapOutput out) {
        long drive = dt;
        // packetIds skipped between two driving samples (frames in between, such as a pause, do not count)
        int missing = s.continuous && p.packetId > 0 && f.packetId > p.packetId ? f.packetId - p.packetId - 1 : 0;
        boolean silent = (p.packetId <= 0 || f.packetId <= 0) && dt > SILENCE_NS; // no packetIds: judge by time
        if (!s.continuous || (missing == 0 && dt > options.pauseGapMs * 1_000_000L)) {
            drive = 0; // paused, in a menu or a stalled game: not driving time
        }
        boolean rise = brakeRise(f);
        stepMini(p, f, drive, rise);

        LapAcc lap = s.current;
        if (drive == 0) lap.pausedNs += dt;
        if (line) {
            long tc = lineTime(p, f, drive);
            long after = drive == 0 ? 0 : f.monotonicNs - tc;
            endAtLine(lap, p, f, tc, drive == 0 ? 0 : tc - p.monoNs, out);
            float speedAtLine = lerp(p.speedKmh, f.speedKmh, fraction(p, f, tc));
            int number = f.completedLaps > p.completedLaps ? f.completedLaps + 1 : lap.lapNumber + 1;
            if (lap.clockStood) {
                lap.lapNumber = f.completedLaps; // the approach to a rolling start is lap 0
                number = f.completedLaps + 1;
            }
            lap = newLap(f, true, number, tc, lap.endEventMs, 0, speedAtLine);
            s.current = lap;
            drive = after;
            lap.sectors[0].drive(drive, f.gas, f.brake);
        } else {
            stepSector(lap, p, f, drive);
        }
        lap.all.drive(drive, f.gas, f.brake);
        drivingStats(lap, p, f, drive);
        lap.missingSamples += missing;
        if (missing > 0 || silent) lap.sampleGaps++;
        sample(lap, f, rise);
        s.continuous = true;
        awaitOfficialTimes(f, out);
        s.prev.set(f);
    }

    /** The lap ends at the line at {@code tc}, {@code before} ns after the previous sample, and waits for its time. */
    private void endAtLine(LapAcc lap, LastSample p, Frame f, long tc, long before, LapOutput out) {
        SegmentAcc sector = lap.sectors[lap.openSector];
        sector.drive(before, f.gas, f.brake);
        sector.close(f.normalizedCarPos, lerp(p.speedKmh, f.speedKmh, fraction(p, f, tc)));
        lap.all.drive(before, f.gas, f.brake);
        drivingStats(lap, null, f, before);
        lap.endedAtLine = true;
        lap.endedInPitLane = p.inPitLane;
        lap.endEventMs = f.eventTimeMs - Math.round((f.monotonicNs - tc) / 1e6);
        lap.lastLapBaseline = p.lastLapMs;
        lap.waitStartNs = f.monotonicNs;
        if (s.pending != null) emit(s.pending, out); // a whole lap later: its official time is not coming
        s.pending = lap;
        if (s.miniOwner == TrackerState.CURRENT) s.miniOwner = TrackerState.PENDING;
    }

    /** Where the line was: the boundary frame's time minus the new lap's clock, kept near the interval. */
    private long lineTime(LastSample p, Frame f, long drive) {
        long tc = f.monotonicNs - Math.max(0, f.currentLapMs) * 1_000_000L;
        long earliest = Math.max(p.monoNs - MAX_BACKDATE_NS, s.current.startNs + 1);
        if (drive == 0) earliest = p.monoNs;
        return Math.max(earliest, Math.min(tc, f.monotonicNs));
    }

    /** When the graphics page {@code p} showed was rendered (first seen), bounded; {@code p} itself across a pause. */
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
            // the index is on the graphics page: it changed between the previous render and this one
            long from = previousRender(p, f, drive);
            long t = from + (f.monotonicNs - from) / 2;
            long before = drive > 0 ? t - p.monoNs : 0;
            open.drive(before, f.gas, f.brake);
            float v = lerp(p.speedKmh, f.speedKmh, 0.5);
            open.close(lerp(p.spline, f.normalizedCarPos, 0.5), v);
            lap.sectorWait = lap.openSector;
            lap.sectorBaseline = p.lastSectorTimeMs;
            lap.sectorWaitStartNs = f.monotonicNs;
            lap.openSector = idx;
            lap.sector(idx).start(idx, true, f.eventTimeMs - Math.round((f.monotonicNs - t) / 1e6),
                    f.normalizedCarPos, v);
            lap.sectors[idx].drive(drive - before, f.gas, f.brake);
        } else {
            if (idx > lap.openSector + 1 && idx < MAX_SECTORS && f.monotonicNs - lap.startNs > STALE_PAGE_NS) {
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
            if (f.fuelL < p.fuelL) lap.fuelUsedL += p.fuelL - f.fuelL; // refuelling is not consumption
        }
    }

    /** Everything about the sample itself (not the interval before it) for the lap and its open sector. */
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
                // interpolate from when the previous position was first shown: the page repeats it for a render frame
                long from = previousRender(p, f, drive);
                long t = from + Math.round((f.monotonicNs - from) * frac);
                long first = drive > 0 ? t - p.monoNs : 0;
                mini.drive(first, f.gas, f.brake);
                float v = lerp(p.speedKmh, f.speedKmh, frac);
                mini.close(boundary, v);
                keepMini(mini);
                mini = new SegmentAcc();
                mini.start(bin, true, f.eventTimeMs - Math.round((f.monotonicNs - t) / 1e6), (float) bin / n, v);
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
            s.miniOwner = TrackerState.CURRENT; // it belongs to the lap in which the car passes its middle
        }
    }

    private void keepMini(SegmentAcc mini) {
        if (!mini.timed()) return;
        LapAcc owner = s.miniOwner == TrackerState.CURRENT ? s.current
                : s.miniOwner == TrackerState.PENDING ? s.pending : null;
        if (owner != null) owner.minis[mini.index] = mini;
        if (s.miniOwner == TrackerState.PENDING) s.miniOwner = TrackerState.NOBODY;
    }

    // ---- official times

    private void awaitOfficialTimes(Frame f, LapOutput out) {
        long waitNs = options.lastLapWaitMs * 1_000_000L;
        LapAcc lap = s.current;
        if (lap.sectorWait >= 0) {
            SegmentAcc sector = lap.sectors[lap.sectorWait];
            boolean waited = f.monotonicNs - lap.sectorWaitStartNs > waitNs;
            int official = officialTime(f.lastSectorTimeMs, lap.sectorBaseline, sector.computedMs(), waited);
            if (official > 0) sector.officialMs = official;
            if (official > 0 || waited) lap.sectorWait = -1;
        }
        LapAcc q = s.pending;
        if (q == null) return;
        boolean waited = f.monotonicNs - q.waitStartNs > waitNs;
        if (q.officialMs == 0) q.officialMs = officialTime(f.lastLapMs, q.lastLapBaseline, q.all.computedMs(), waited);
        if ((q.officialMs > 0 && s.miniOwner != TrackerState.PENDING) || waited) {
            emit(q, out);
            s.pending = null;
            if (s.miniOwner == TrackerState.PENDING) s.miniOwner = TrackerState.NOBODY;
        }
    }

    /**
     * The game's time once it differs from the value it showed before the boundary. Two laps (or sectors) can
     * take the same millisecond count, so after the wait an unchanged value is taken when the samples agree
     * with it.
     */
    private static int officialTime(int shown, int before, int computedMs, boolean waited) {
        if (shown <= 0) return 0;
        if (shown != before) return shown;
        return waited && Math.abs(shown - computedMs) <= SAME_TIME_MS ? shown : 0;
    }

    private void emit(LapAcc lap, LapOutput out) {
        if (lap.all.drivingNs <= 0 || lap.all.samples < 2) return; // nothing was driven: no phantom lap
        LapRows.emit(lap, s, options, out);
    }
}
