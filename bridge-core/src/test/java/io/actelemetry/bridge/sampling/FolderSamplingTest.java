package io.actelemetry.bridge.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.bridge.pages.GraphicsPage;
import io.actelemetry.bridge.pages.PhysicsPage;
import io.actelemetry.bridge.pages.StaticPage;
import io.actelemetry.bridge.source.FolderPageSource;
import io.actelemetry.bridge.source.Page;
import io.actelemetry.bridge.source.PageFolder;
import io.actelemetry.bridge.source.TearingPageSource;
import io.actelemetry.proto.v1.AcStatus;
import io.actelemetry.proto.v1.SampleState;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampler reading a folder of page files that the test rewrites as (virtual) time goes by, the
 * way the game rewrites its shared memory.
 */
class FolderSamplingTest {

    private static final long MS = 1_000_000L;

    @TempDir Path folder;

    private final VirtualTime time = new VirtualTime(0);

    /** What to write into the folder, by virtual time in ms. */
    private final TreeMap<Long, Runnable> script = new TreeMap<>();

    /** Sleeping runs the script up to the new time, like a game writing pages meanwhile. */
    private final TimeSource scripted =
            new HookedTime(
                    time,
                    deadline -> {
                        while (!script.isEmpty() && script.firstKey() * MS <= time.nanoTime()) {
                            script.pollFirstEntry().getValue().run();
                        }
                    });

    private List<TelemetryFrame> sample(long untilMs, Sampler sampler) {
        List<TelemetryFrame> frames = new ArrayList<>();
        sampler.run(frames::add, () -> time.nanoTime() >= untilMs * MS);
        return frames;
    }

    private Sampler sampler() {
        return new Sampler(
                new FolderPageSource(folder),
                SamplerOptions.defaults().withSessionId("folder").withTime(scripted));
    }

    @Test
    void capturedPagesAreReadOnceThenTheFrozenFolderIsPausedAndOff() {
        write(100, AcStatus.AC_STATUS_LIVE_VALUE, 3, "1.7", PhysicsPage.SIZE);
        Sampler sampler = sampler();
        List<TelemetryFrame> frames = sample(5000, sampler);

        // The folder's page is what the user asked for: it is read, once, then it is frozen.
        assertThat(frames)
                .extracting(TelemetryFrame::getState)
                .containsExactly(
                        SampleState.SAMPLE_STATE_LIVE,
                        SampleState.SAMPLE_STATE_PAUSED,
                        SampleState.SAMPLE_STATE_OFF);
        assertThat(frames.get(0).getPhysics().getPacketId()).isEqualTo(100);
        assertThat(frames.get(0).getPhysics().getGear()).isEqualTo(2);
        assertThat(frames.get(0).getStat().getPlayerName()).isEqualTo("Jürgen");
        assertThat(frames.get(1).getMonotonicNs() - frames.get(0).getMonotonicNs())
                .isBetween(50 * MS, 52 * MS);
        assertThat(frames.get(2).getMonotonicNs() - frames.get(0).getMonotonicNs())
                .isBetween(1000 * MS, 1002 * MS);
    }

    @Test
    void duplicatesAreSkippedAndAMovingFolderIsStreamed() {
        write(1, AcStatus.AC_STATUS_LIVE_VALUE, 3, "1.7", PhysicsPage.SIZE);
        for (int step = 1; step <= 100; step++) {
            int id = 1 + step;
            // The game steps every 3 ms; every fifth step is missed by a (simulated) stall.
            if (step % 5 != 2) {
                script.put(3L * step, () -> write(id, 2, 3, "1.7", PhysicsPage.SIZE));
            }
        }
        Sampler sampler = sampler();
        List<TelemetryFrame> frames = sample(320, sampler);
        assertThat(frames).hasSize(81).allMatch(f -> f.getState() == SampleState.SAMPLE_STATE_LIVE);
        SamplerStats stats = sampler.stats();
        assertThat(stats.missedSteps()).isEqualTo(20);
        // Polls at 1 ms until the step is timed (~64 steps), then about one per step.
        assertThat(stats.duplicatesSkipped()).isBetween(150L, 260L);
    }

    @Test
    void leavingALongPauseIsNotMistakenForAFrozenLiveGame() {
        write(1, AcStatus.AC_STATUS_LIVE_VALUE, 3, "1.7", PhysicsPage.SIZE);
        script.put(
                3L,
                () ->
                        write(
                                2,
                                AcStatus.AC_STATUS_PAUSE_VALUE,
                                3,
                                "1.7",
                                PhysicsPage.SIZE)); // pause menu; physics freezes
        // Two seconds later the menu closes: the graphics page says live a few ms before physics
        // moves.
        script.put(
                2003L, () -> write(2, AcStatus.AC_STATUS_LIVE_VALUE, 3, "1.7", PhysicsPage.SIZE));
        script.put(
                2009L, () -> write(3, AcStatus.AC_STATUS_LIVE_VALUE, 3, "1.7", PhysicsPage.SIZE));
        script.put(
                2012L, () -> write(4, AcStatus.AC_STATUS_LIVE_VALUE, 3, "1.7", PhysicsPage.SIZE));
        Sampler sampler = sampler();
        List<TelemetryFrame> frames = sample(2020, sampler);
        assertThat(frames)
                .extracting(TelemetryFrame::getState)
                .containsExactly(
                        SampleState.SAMPLE_STATE_LIVE,
                        SampleState.SAMPLE_STATE_LIVE,
                        SampleState.SAMPLE_STATE_PAUSED,
                        SampleState.SAMPLE_STATE_LIVE,
                        SampleState.SAMPLE_STATE_LIVE);
        assertThat(sampler.stats().attaches()).isEqualTo(1);
        assertThat(sampler.stats().pausedNanos()).isBetween(1_950 * MS, 2_010 * MS);
    }

    @Test
    void menusAndGameExitStreamNothingAndAShorterOlderPageIsAccepted() {
        write(10, AcStatus.AC_STATUS_OFF_VALUE, 3, "1.7", PhysicsPage.SIZE); // in the menus
        script.put(30L, () -> write(11, AcStatus.AC_STATUS_OFF_VALUE, 3, "1.7", PhysicsPage.SIZE));
        script.put(
                60L,
                () ->
                        write(
                                12,
                                AcStatus.AC_STATUS_LIVE_VALUE,
                                3,
                                "1.5",
                                0x120)); // an AC 1.5 physics page, live
        script.put(63L, () -> write(13, AcStatus.AC_STATUS_LIVE_VALUE, 3, "1.5", 0x120));
        script.put(100L, () -> delete());
        Sampler sampler = sampler();
        List<TelemetryFrame> frames = sample(2000, sampler);
        assertThat(frames)
                .extracting(TelemetryFrame::getState)
                .containsExactly(SampleState.SAMPLE_STATE_LIVE, SampleState.SAMPLE_STATE_LIVE);
        assertThat(frames).extracting(f -> f.getPhysics().getPacketId()).containsExactly(12, 13);
        assertThat(frames.get(0).getPhysics().getAirDensity()).isEqualTo(1.2f);
        assertThat(frames.get(0).getPhysics().getAirTempC())
                .as("added in 1.6: past the end of a 1.5 page")
                .isZero();
        assertThat(frames.get(0).getPhysics().getClutch()).as("added in 1.10").isZero();
        assertThat(sampler.stats().state()).isEqualTo(SamplerState.WAITING_FOR_GAME);
    }

    @Test
    void theFirstPageOfTheGamesMemoryMayBeStaleAndOnlySetsTheBaseline() {
        write(
                500,
                AcStatus.AC_STATUS_LIVE_VALUE,
                3,
                "1.7",
                PhysicsPage.SIZE); // left over from a finished session
        script.put(
                40L, () -> write(501, AcStatus.AC_STATUS_LIVE_VALUE, 3, "1.7", PhysicsPage.SIZE));
        // Like the shared memory, this source says its first page may be stale (the folder itself
        // does not).
        Sampler sampler =
                new Sampler(
                        new TearingPageSource(new FolderPageSource(folder), 0),
                        SamplerOptions.defaults().withSessionId("shm-like").withTime(scripted));
        List<TelemetryFrame> frames = sample(45, sampler);
        assertThat(frames).extracting(f -> f.getPhysics().getPacketId()).containsExactly(501);
    }

    @Test
    void accPagesAreRefused() {
        write(10, AcStatus.AC_STATUS_LIVE_VALUE, 3, "1.9", PhysicsPage.SIZE);
        script.put(3L, () -> write(11, AcStatus.AC_STATUS_LIVE_VALUE, 3, "1.9", PhysicsPage.SIZE));
        Sampler sampler = sampler();
        List<TelemetryFrame> frames = sample(500, sampler);
        assertThat(frames).isEmpty();
        assertThat(sampler.stats().state()).isEqualTo(SamplerState.NOT_ASSETTO_CORSA);
        assertThat(sampler.stats().problem()).contains("Competizione");
    }

    private void write(int packetId, int status, int rawGear, String smVersion, int physicsLength) {
        try {
            byte[] p = new byte[PhysicsPage.SIZE];
            ByteBuffer.wrap(p)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0x000, packetId)
                    .putInt(0x010, rawGear)
                    .putFloat(0x11c, 1.2f)
                    .putFloat(0x120, 21.5f)
                    .putFloat(0x16c, 0.4f);
            PageFolder.write(folder, Page.PHYSICS, p, physicsLength);
            byte[] g = new byte[GraphicsPage.SIZE];
            ByteBuffer.wrap(g)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0x000, 2 * packetId)
                    .putInt(0x004, status);
            PageFolder.write(folder, Page.GRAPHICS, g, g.length);
            byte[] s = new byte[StaticPage.SIZE];
            ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
            b.put(0x000, smVersion.getBytes(StandardCharsets.UTF_16LE));
            b.put(0x0c8, "Jürgen".getBytes(StandardCharsets.UTF_16LE));
            b.putInt(0x19c, 7500);
            PageFolder.write(folder, Page.STATIC, s, s.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void delete() {
        try {
            for (Page page : Page.values()) {
                Files.delete(folder.resolve(page.fileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
