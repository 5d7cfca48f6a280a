package io.actelemetry.bridge.sampling;

import io.actelemetry.bridge.mapping.FrameMapper;
import io.actelemetry.bridge.mapping.GameCheck;
import io.actelemetry.bridge.mapping.StaticMapper;
import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.Layout;
import io.actelemetry.bridge.pages.StaticPage;
import io.actelemetry.bridge.source.ConsistentReader;
import io.actelemetry.bridge.source.GameNotRunningException;
import io.actelemetry.bridge.source.Page;
import io.actelemetry.bridge.source.PageSource;
import io.actelemetry.proto.v1.AcStatus;
import io.actelemetry.proto.v1.Static;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the game: polls the physics packetId on an absolute schedule (no drift) and, each time it
 * moves, takes a consistent copy of the pages, which becomes one {@link TelemetryFrame} for the
 * sink (decoded and mapped with a few steps that follow it, see {@link FrameBatch}).
 *
 * <ul>
 *   <li>Once the game's step is known the sampler wakes once per step, just before the step is due,
 *       and polls at the poll period only until it comes ({@link PollSchedule}); until then, and
 *       with a poll period of a step or more ({@code --rate}), it polls at the poll period.
 *   <li>Duplicates (packetId unchanged) and the warm-up packetId 0 are skipped; the first page
 *       after attaching may be a finished session's stale page, so it only sets the baseline.
 *   <li>Pause, replay and menus are not driving. The game freezes physics in all three, so physics
 *       frozen longer than {@code pauseAfter} means paused, replay or off according to the graphics
 *       status (3 or 2 / 1 / 0), and longer than {@code notLiveAfter} with status live (counted
 *       from when the status turned live: physics resumes a step after the pause menu closes) means
 *       off. Every physics step that moved is a driving frame unless the status is off. Frames are
 *       streamed only while live; on entering pause, replay or off exactly one marker frame carries
 *       the new state (with the last pages), so downstream knows why the frames stopped.
 *   <li>The static page is re-read every time the session goes live (it is zeros when read too
 *       early, so it is read again until written), and checked to be Assetto Corsa's.
 *   <li>Off for longer than {@code notLiveAfter}: the pages are released and looked for again,
 *       which finds a restarted game.
 * </ul>
 *
 * Single-threaded: {@link #run} owns the source; {@link #stats()} may be read from any thread.
 */
public final class Sampler {

    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);
    private static final int NONE = Integer.MIN_VALUE;
    private static final long STATIC_RETRY_NANOS = 100_000_000L;

    /** Longest a sampled frame waits in its batch. */
    private static final long BATCH_WAIT_NANOS = 100_000_000L;

    private final PageSource source;
    private final TimeSource time;
    private final ConsistentReader reader;
    private final FrameMapper mapper;
    private final PollSchedule schedule;
    private final long pauseAfterNanos;
    private final long notLiveAfterNanos;
    private final long attachRetryNanos;

    private final FrameBatch batch = new FrameBatch();

    /** Where the next physics copy goes; swapped with {@link #lastPhysicsBytes} once consistent. */
    private byte[] physicsBytes = new byte[Page.PHYSICS.size()];

    /** The last consistent physics copy ({@link #lastPhysicsLength} bytes; none while negative). */
    private byte[] lastPhysicsBytes = new byte[Page.PHYSICS.size()];

    private final byte[] graphicsBytes = new byte[Page.GRAPHICS.size()];
    private final byte[] staticBytes = new byte[Page.STATIC.size()];
    private int lastPhysicsLength = -1;
    private int graphicsLength;
    private int staticLength;

    private boolean attached;
    private long nextPoll;
    private long polledAt;
    private int lastPacketId = NONE;
    private long lastChangeNanos;
    private long notLiveStatusAt = Long.MIN_VALUE;
    private GraphicsPage lastGraphics;
    private int lastGraphicsLength;
    private Static stat = Static.getDefaultInstance();
    private boolean staticWritten;
    private long staticReadAt = Long.MIN_VALUE;
    private long pausedSince;

    private volatile SamplerState state = SamplerState.WAITING_FOR_GAME;
    private volatile long frames;
    private volatile long markerFrames;
    private volatile long duplicates;
    private volatile long missedSteps;
    private volatile long pausedNanos;
    private volatile long staticReads;
    private volatile long attaches;
    private volatile String problem = "";

    public Sampler(PageSource source, SamplerOptions options) {
        this.source = source;
        this.time = options.time();
        this.reader = new ConsistentReader(source, options.copyAttempts());
        this.mapper = new FrameMapper(options.sessionId(), options.carId());
        this.schedule = new PollSchedule(options.pollPeriod().toNanos());
        this.pauseAfterNanos = options.pauseAfter().toNanos();
        this.notLiveAfterNanos = options.notLiveAfter().toNanos();
        this.attachRetryNanos = options.attachRetry().toNanos();
    }

    /**
     * Samples until {@code stop} says so, the source ends, or the thread is interrupted; each frame
     * goes to {@code sink} on this thread.
     */
    public void run(Consumer<TelemetryFrame> sink, BooleanSupplier stop) {
        Thread thread = Thread.currentThread();
        int priority = thread.getPriority();
        // The game keeps the CPU busy: on Windows a higher priority gets the 1 ms wake-ups on time
        // (elsewhere Java thread priorities are mostly ignored).
        thread.setPriority(Thread.MAX_PRIORITY);
        try {
            while (!stop.getAsBoolean() && poll(sink)) {
                // one poll per iteration
            }
        } catch (InterruptedException e) {
            thread.interrupt();
        } finally {
            thread.setPriority(priority);
            batch.drain(mapper, sink);
        }
    }

    /**
     * Waits for the next poll time, then polls once. The frames of consecutive steps are handed to
     * {@code sink} in batches ({@link FrameBatch}): when a batch is full (96 ms of driving), when
     * its oldest frame has waited {@link #BATCH_WAIT_NANOS} (a game slower than 333 Hz), as soon as
     * the game is not live (a pause, a replay, the game gone: the marker frame goes at once), and
     * when the source has ended. Returns false once the source has ended.
     */
    public boolean poll(Consumer<TelemetryFrame> sink) throws InterruptedException {
        boolean more = pollOnce();
        if (batch.full()
                || !more
                || state != SamplerState.LIVE
                || batch.waited(polledAt) >= BATCH_WAIT_NANOS) {
            batch.drain(mapper, sink);
        }
        return more;
    }

    private boolean pollOnce() throws InterruptedException {
        long due = nextPoll;
        time.sleepUntil(due);
        long now = time.nanoTime();
        polledAt = now;
        if (!attached) {
            if (source.ended()) {
                return false;
            }
            if (!source.attach()) {
                setState(SamplerState.WAITING_FOR_GAME, now);
                nextPoll = now + attachRetryNanos;
                return true;
            }
            onAttached(now);
            due = now; // the schedule starts when the game is found
        }
        try {
            boolean stepped = sample(now);
            if (attached) {
                nextPoll =
                        stepped
                                ? schedule.stepped(due, now, lastPacketId)
                                : schedule.nothingNew(due, now);
            }
        } catch (GameNotRunningException e) {
            LOG.info("game pages gone ({}); waiting for the game", e.getMessage());
            detach(now);
        }
        return true;
    }

    private void onAttached(long now) {
        attached = true;
        attaches++;
        if (source.firstPageMayBeStale()) {
            lastPacketId = NONE; // the page there now only sets the baseline
        }
        lastChangeNanos = now;
        staticWritten = false;
        schedule.restart();
        setState(SamplerState.STARTING, now);
        LOG.info("attached to {}", source.describe());
    }

    private void detach(long now) {
        source.detach();
        attached = false;
        setState(SamplerState.WAITING_FOR_GAME, now);
        nextPoll = now + attachRetryNanos;
    }

    /**
     * Polls the pages once; returns whether the physics moved to a new packetId (now lastPacketId).
     */
    private boolean sample(long now) {
        int packetId = source.readInt(Page.PHYSICS, 0);
        if (state == SamplerState.NOT_ASSETTO_CORSA) {
            if (now - staticReadAt > notLiveAfterNanos) {
                detach(now); // attach again and re-check: the user may have started AC meanwhile
            }
            return false;
        }
        if (packetId == lastPacketId) {
            duplicates++;
            onFrozen(now);
            return false;
        }
        if (lastPacketId == NONE && source.firstPageMayBeStale() || packetId == 0) {
            // Possibly a finished session's page, or the game's warm-up: only a baseline.
            lastPacketId = packetId;
            lastChangeNanos = time.nanoTime();
            return true;
        }
        int physicsLength;
        if ((physicsLength = reader.copy(Page.PHYSICS, physicsBytes)) < 0
                || (graphicsLength = reader.copy(Page.GRAPHICS, graphicsBytes)) < 0) {
            return false; // torn beyond the retries: the next poll, a poll period later, tries
            // again
        }
        byte[] consistent = physicsBytes;
        physicsBytes = lastPhysicsBytes;
        lastPhysicsBytes = consistent;
        lastPhysicsLength = physicsLength;
        int copied = physicsLength >= 4 ? Layout.intAt(consistent, 0) : packetId;
        if (lastPacketId > 0 && copied > lastPacketId + 1) {
            missedSteps += copied - lastPacketId - 1;
        }
        lastPacketId = copied;
        // Timed at the copy, not at the poll's start: a stall of this thread in between must
        // neither
        // look like a frozen game nor shift the frame's capture time.
        long copiedAt = time.nanoTime();
        lastChangeNanos = copiedAt;
        GraphicsPage graphics = decodeGraphics();
        // The physics moved, so the game ran a step: that is driving, even while the graphics page
        // (written at the render rate, so a frame behind) still shows the pause menu or the replay.
        // Pause and replay freeze physics; they are recognised in onFrozen.
        SamplerState next =
                graphics.status() == AcStatus.AC_STATUS_OFF_VALUE
                        ? SamplerState.OFF
                        : SamplerState.LIVE;
        if (next == SamplerState.LIVE && (state != SamplerState.LIVE || !staticWritten)) {
            readStatic(copiedAt);
        }
        if (state == SamplerState.NOT_ASSETTO_CORSA) {
            return true;
        }
        if (next == SamplerState.LIVE || next != state && state != SamplerState.STARTING) {
            emit(graphics, next, copiedAt);
        }
        setState(next, copiedAt);
        return true;
    }

    /** The physics page did not move since the last poll. */
    private void onFrozen(long now) {
        long frozen = now - lastChangeNanos;
        if (frozen <= pauseAfterNanos) {
            return;
        }
        if (state == SamplerState.OFF || state == SamplerState.STARTING) {
            if (frozen > notLiveAfterNanos) {
                // Stale or finished: let go, so a restarted game's new pages are found.
                LOG.info("game pages stale for {} ms; releasing them", frozen / 1_000_000);
                detach(now);
            }
            return;
        }
        if ((graphicsLength = reader.copy(Page.GRAPHICS, graphicsBytes)) < 0) {
            return;
        }
        GraphicsPage graphics = decodeGraphics();
        if (graphics.status() != AcStatus.AC_STATUS_LIVE_VALUE) {
            notLiveStatusAt = now;
        }
        SamplerState next =
                switch (graphics.status()) {
                    case AcStatus.AC_STATUS_REPLAY_VALUE -> SamplerState.REPLAY;
                    case AcStatus.AC_STATUS_PAUSE_VALUE -> SamplerState.PAUSED;
                    case AcStatus.AC_STATUS_OFF_VALUE -> SamplerState.OFF;
                    // Status says live but physics stands still: paused without the menu, then
                    // gone. Counted
                    // from when the status turned live, as physics resumes a step after the pause
                    // menu closes.
                    default ->
                            now - Math.max(lastChangeNanos, notLiveStatusAt) > notLiveAfterNanos
                                    ? SamplerState.OFF
                                    : SamplerState.PAUSED;
                };
        if (next != state) {
            if (lastPhysicsLength >= 0) {
                emit(graphics, next, now);
            }
            setState(next, now);
        }
    }

    /**
     * Graphics is written once per rendered frame, so several physics samples share one: decode it
     * again only when its packetId moved.
     */
    private GraphicsPage decodeGraphics() {
        int packetId = graphicsLength >= 4 ? Layout.intAt(graphicsBytes, 0) : 0;
        if (lastGraphics == null
                || packetId != lastGraphics.packetId()
                || graphicsLength != lastGraphicsLength
                || packetId == 0) {
            lastGraphics = GraphicsPage.decode(graphicsBytes, graphicsLength);
            lastGraphicsLength = graphicsLength;
        }
        return lastGraphics;
    }

    private void readStatic(long now) {
        if (state == SamplerState.LIVE && now - staticReadAt < STATIC_RETRY_NANOS) {
            return; // live but the page is still zeros: read it again at most every 100 ms
        }
        staticReadAt = now;
        if ((staticLength = reader.copy(Page.STATIC, staticBytes)) < 0) {
            return;
        }
        staticReads++;
        StaticPage page = StaticPage.decode(staticBytes, staticLength);
        Optional<String> notAc =
                GameCheck.problem(page, lastPhysicsLength, graphicsLength, staticLength);
        if (notAc.isPresent()) {
            problem = notAc.get();
            LOG.error("{}: {}; nothing is streamed", source.describe(), problem);
            setState(SamplerState.NOT_ASSETTO_CORSA, now);
            return;
        }
        staticWritten = page.written();
        stat = StaticMapper.map(page);
    }

    /**
     * A frame of the last physics copy with {@code graphics}, decoded and mapped with its batch.
     */
    private void emit(GraphicsPage graphics, SamplerState as, long now) {
        batch.add(
                lastPhysicsBytes,
                lastPhysicsLength,
                graphics,
                stat,
                as.wire(),
                time.unixNanos(),
                now);
        frames++;
        if (as != SamplerState.LIVE) {
            markerFrames++;
        }
    }

    private void setState(SamplerState next, long now) {
        boolean wasPaused = state == SamplerState.PAUSED || state == SamplerState.REPLAY;
        boolean isPaused = next == SamplerState.PAUSED || next == SamplerState.REPLAY;
        if (wasPaused && (!isPaused || next != state)) {
            pausedNanos += now - pausedSince;
        }
        if (isPaused && next != state) {
            pausedSince = now;
        }
        if (next != state) {
            LOG.info("game state {} -> {}", state, next);
            if (next != SamplerState.NOT_ASSETTO_CORSA) {
                problem = "";
            }
            state = next;
        }
    }

    public SamplerStats stats() {
        long paused = pausedNanos;
        SamplerState s = state;
        if (s == SamplerState.PAUSED || s == SamplerState.REPLAY) {
            paused += time.nanoTime() - pausedSince;
        }
        return new SamplerStats(
                s,
                frames,
                markerFrames,
                duplicates,
                missedSteps,
                reader.tornReads(),
                reader.failedCopies(),
                paused,
                staticReads,
                attaches,
                mapper.rangeCheck().flagged(),
                problem);
    }

    /** Session id of the frames. */
    public String sessionId() {
        return mapper.sessionId();
    }
}
