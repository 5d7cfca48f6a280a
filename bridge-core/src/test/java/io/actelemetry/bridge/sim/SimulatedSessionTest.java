package io.actelemetry.bridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.proto.v1.AcSessionType;
import io.actelemetry.proto.v1.Graphics;
import io.actelemetry.proto.v1.SampleState;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated game, seen through the real sampler: does it drive, time and misbehave like AC? */
class SimulatedSessionTest {

    private static List<TelemetryFrame> demo;

    @BeforeAll
    static void driveTheDemo() {
        demo = SimulatedSession.frames(Scenario.demo(7)).collect(Collectors.toList());
    }

    /**
     * One entry per completed lap: the frame where completedLaps went up, and the lap time AC gave.
     */
    record Lap(
            int number,
            TelemetryFrame counted,
            int lastLapMs,
            boolean tyresOut,
            boolean pitLane,
            double maxKmh,
            int[] sectorMs) {}

    /** Frames after the counter step by which every line field shows (7 renders at most). */
    private static final int SETTLED = 100;

    private static List<Lap> laps(List<TelemetryFrame> frames) {
        List<Lap> laps = new ArrayList<>();
        int lapStart = 0;
        for (int i = 1; i < frames.size(); i++) {
            Graphics g = frames.get(i).getGraphics();
            if (g.getCompletedLaps() == frames.get(i - 1).getGraphics().getCompletedLaps() + 1) {
                Graphics settled = frames.get(i + SETTLED).getGraphics();
                List<TelemetryFrame> lap = frames.subList(lapStart, i);
                int[] sectors = new int[3];
                for (int k = 1; k < lap.size(); k++) {
                    Graphics a = lap.get(k - 1).getGraphics();
                    Graphics b = lap.get(k).getGraphics();
                    if (b.getCurrentSectorIndex() == a.getCurrentSectorIndex() + 1) {
                        sectors[a.getCurrentSectorIndex()] = b.getLastSectorTimeMs();
                    }
                }
                sectors[2] = settled.getLastSectorTimeMs();
                assertThat(settled.getCurrentSectorIndex()).isZero();
                laps.add(
                        new Lap(
                                g.getCompletedLaps(),
                                frames.get(i),
                                settled.getLastLapMs(),
                                lap.stream()
                                        .anyMatch(f -> f.getPhysics().getNumberOfTyresOut() > 2),
                                lap.stream().anyMatch(f -> f.getGraphics().getIsInPitLane()),
                                lap.stream()
                                        .mapToDouble(f -> f.getPhysics().getSpeedKmh())
                                        .max()
                                        .orElse(0),
                                sectors));
                lapStart = i;
            }
        }
        return laps;
    }

    @Test
    void demoDrivesAnOutLapFlyingLapsAnOffTrackAnInLapAndAPitStop() {
        List<Lap> laps = laps(demo);
        assertThat(laps).extracting(Lap::number).containsExactly(1, 2, 3, 4, 5, 6, 7);
        double trackM = demo.get(demo.size() - 1).getStat().getTrackSplineLengthM();
        assertThat(trackM).isBetween(4000.0, 6000.0);

        // Flying laps: plausible for a GT3 car on a 5 km track (150..230 km/h average), close to
        // each other.
        for (Lap lap : laps.subList(1, 5)) {
            double avgKmh = trackM / (lap.lastLapMs() / 1000.0) * 3.6;
            assertThat(avgKmh).as("lap %d average", lap.number()).isBetween(150.0, 230.0);
            assertThat(lap.maxKmh()).isBetween(250.0, 300.0);
            assertThat(lap.pitLane()).isFalse();
            assertThat(Math.abs(lap.lastLapMs() - laps.get(1).lastLapMs())).isLessThan(3000);
            assertThat(java.util.Arrays.stream(lap.sectorMs()).min().orElseThrow())
                    .isGreaterThan(15_000);
            assertThat(lap.sectorMs()[0] + lap.sectorMs()[1] + lap.sectorMs()[2])
                    .isCloseTo(lap.lastLapMs(), org.assertj.core.data.Offset.offset(10));
        }
        // Out lap from the box and the in lap through the pit lane are slower and pass the pits.
        assertThat(laps.get(0).pitLane()).isTrue();
        assertThat(laps.get(5).pitLane()).isTrue();
        assertThat(laps.get(6).pitLane()).isTrue();
        assertThat(laps.get(0).lastLapMs()).isGreaterThan(laps.get(1).lastLapMs());
        assertThat(laps.get(5).lastLapMs()).isGreaterThan(laps.get(1).lastLapMs());
        // Lap 3 has the off-track: more than two tyres out for a while; it is not the best lap.
        assertThat(laps).filteredOn(Lap::tyresOut).extracting(Lap::number).containsExactly(3);
        long outFrames =
                demo.stream().filter(f -> f.getPhysics().getNumberOfTyresOut() > 2).count();
        assertThat(outFrames * 3).as("ms with more than two tyres out").isBetween(1000L, 2500L);
        int best = demo.get(demo.size() - 2).getGraphics().getBestLapMs();
        assertThat(best)
                .isEqualTo(
                        laps.stream()
                                .filter(l -> l.number() >= 2 && l.number() <= 5 && !l.tyresOut())
                                .mapToInt(Lap::lastLapMs)
                                .min()
                                .orElseThrow());
    }

    @Test
    void theLineFieldsShowInTheGamesOrders() {
        // The counter, the clock reset and the last-lap time each on a frame of their own
        // (SimulatedTimingLineTest).
        assertThat(LineFrames.check(demo, SimulatedSession.lineCrossings(Scenario.demo(7))))
                .hasSize(7);
        for (Lap lap : laps(demo)) {
            // The counter steps with the new lap's clock, or before it while the old one runs on.
            int clock = lap.counted().getGraphics().getCurrentLapMs();
            assertThat(clock < 100 || clock >= lap.lastLapMs())
                    .as("lap %d clock %d", lap.number(), clock)
                    .isTrue();
        }
    }

    @Test
    void pitStopStopsInTheBoxRefuelsAndFitsNewTyres() {
        List<TelemetryFrame> inBox =
                demo.stream()
                        .filter(
                                f ->
                                        f.getGraphics().getIsInPit()
                                                && f.getGraphics().getCompletedLaps() == 6)
                        .toList();
        // Graphics is a rendered frame behind physics: the car may just have started moving.
        assertThat(inBox).isNotEmpty().allMatch(f -> f.getPhysics().getSpeedKmh() < 10);
        long stopped =
                demo.stream()
                        .filter(
                                f ->
                                        f.getGraphics().getIsInPitLane()
                                                && f.getPhysics().getSpeedKmh() == 0
                                                && f.getGraphics().getCompletedLaps() == 6)
                        .count();
        assertThat(stopped * 3).as("ms stopped").isBetween(7900L, 8100L);
        TelemetryFrame before = demo.get(demo.indexOf(inBox.get(0)) - 400);
        TelemetryFrame after = inBox.get(inBox.size() - 1);
        assertThat(after.getPhysics().getFuelL()).isGreaterThan(before.getPhysics().getFuelL());
        assertThat(after.getPhysics().getTyreWear().getFl()).isEqualTo(100f);
        assertThat(before.getPhysics().getTyreWear().getFl()).isBetween(98f, 99.9f);
        // In the pit lane the limiter holds the speed at 80 km/h.
        assertThat(
                        demo.stream()
                                .filter(f -> f.getGraphics().getIsInPitLane())
                                .mapToDouble(f -> f.getPhysics().getSpeedKmh())
                                .max()
                                .orElseThrow())
                .isBetween(79.0, 80.5);
        assertThat(demo).anyMatch(f -> f.getPhysics().getPitLimiterOn());
    }

    @Test
    void channelsStayInTheirRanges() {
        for (TelemetryFrame f : demo) {
            var p = f.getPhysics();
            assertThat(p.getGear()).isBetween(0, 6);
            assertThat(p.getSteer()).isBetween(-1f, 1f);
            assertThat(p.getGas()).isBetween(0f, 1f);
            assertThat(p.getBrake()).isBetween(0f, 1f);
            assertThat(p.getEngineRpm()).isBetween(2000f, 8500f);
            assertThat(Math.abs(p.getAccG().getX())).isLessThan(3.5f);
            assertThat(f.getGraphics().getNormalizedCarPos()).isBetween(0f, 1f);
        }
        double speedFromVelocity =
                Math.sqrt(
                                Math.pow(demo.get(50_000).getPhysics().getVelocity().getX(), 2)
                                        + Math.pow(
                                                demo.get(50_000).getPhysics().getVelocity().getY(),
                                                2)
                                        + Math.pow(
                                                demo.get(50_000).getPhysics().getVelocity().getZ(),
                                                2))
                        * 3.6;
        assertThat(speedFromVelocity)
                .isCloseTo(
                        demo.get(50_000).getPhysics().getSpeedKmh(),
                        org.assertj.core.data.Offset.offset(2.0));
        var warm = demo.get(60_000).getPhysics().getTyreTempC();
        assertThat(warm.getFl()).isBetween(70f, 110f);
        assertThat(demo.get(demo.size() - 2).getPhysics().getFuelL()).isLessThan(60f);
        assertThat(demo.get(demo.size() - 1).getState()).isEqualTo(SampleState.SAMPLE_STATE_OFF);
        assertThat(demo.subList(0, demo.size() - 1))
                .allMatch(f -> f.getState() == SampleState.SAMPLE_STATE_LIVE);
    }

    @Test
    void rollingStartOnlyStartsTheClockLikeHotlapMode() {
        List<TelemetryFrame> frames = SimulatedSession.frames(Scenario.laps(1, 3)).toList();
        assertThat(frames.get(0).getGraphics().getSessionType())
                .isEqualTo(AcSessionType.AC_SESSION_TYPE_HOTLAP_VALUE);
        assertThat(frames.get(0).getGraphics().getCurrentLapMs()).isZero();
        assertThat(frames.get(0).getPhysics().getSpeedKmh()).isGreaterThan(150f);
        int reset = 0;
        for (int i = 1; i < frames.size(); i++) {
            if (frames.get(i).getGraphics().getCurrentLapMs() > 0
                    && frames.get(i - 1).getGraphics().getCurrentLapMs() == 0) {
                reset = i;
                break;
            }
        }
        assertThat(frames.get(reset).getGraphics().getCompletedLaps()).isZero();
        assertThat(laps(frames)).hasSize(1);
    }

    @Test
    void restartAndTeleportResetTheClockAndTheCounter() {
        Scenario scenario =
                new Scenario(
                        3,
                        2,
                        true,
                        List.of(
                                new ScenarioEvent(ScenarioEvent.Kind.TELEPORT_TO_PITS, 2, 0.5, 0),
                                new ScenarioEvent(ScenarioEvent.Kind.RESTART, 2, 0.6, 0)));
        List<TelemetryFrame> frames = SimulatedSession.frames(scenario).toList();
        // From well after the first line: there its clock may reset after the counter stepped.
        int lap2 = firstWhere(frames, 1, (a, b) -> b.getCompletedLaps() == 1) + 1000;
        int teleport =
                firstWhere(
                        frames,
                        lap2,
                        (a, b) ->
                                b.getCurrentLapMs() < a.getCurrentLapMs()
                                        && b.getCompletedLaps() == a.getCompletedLaps()
                                        && a.getCompletedLaps() == 1);
        assertThat(frames.get(teleport).getGraphics().getIsInPit()).isTrue();
        // Graphics is written once per rendered frame (16.7 ms): the reset shows within one.
        assertThat(frames.get(teleport).getGraphics().getCurrentLapMs()).isLessThan(20);
        int restart =
                firstWhere(frames, teleport, (a, b) -> b.getCompletedLaps() < a.getCompletedLaps());
        assertThat(frames.get(restart - 1).getGraphics().getCompletedLaps()).isEqualTo(1);
        assertThat(frames.get(restart).getGraphics().getCompletedLaps()).isZero();
        assertThat(frames.get(restart).getGraphics().getBestLapMs()).isZero();
        assertThat(frames.get(restart).getGraphics().getCurrentLapMs()).isLessThan(20);
    }

    private interface Change {
        boolean test(Graphics before, Graphics after);
    }

    private static int firstWhere(List<TelemetryFrame> frames, int from, Change change) {
        for (int i = Math.max(1, from); i < frames.size(); i++) {
            if (change.test(frames.get(i - 1).getGraphics(), frames.get(i).getGraphics())) {
                return i;
            }
        }
        throw new AssertionError("no such change");
    }

    @Test
    void sameSeedSameFramesOtherSeedOtherFrames() throws Exception {
        assertThat(digest(SimulatedSession.frames(Scenario.laps(1, 11)).limit(15_000)))
                .isEqualTo(digest(SimulatedSession.frames(Scenario.laps(1, 11)).limit(15_000)))
                .isNotEqualTo(digest(SimulatedSession.frames(Scenario.laps(1, 12)).limit(15_000)));
        assertThat(demo.get(0).getSessionId())
                .isEqualTo(SimulatedSession.sessionId(7))
                .isNotEqualTo(SimulatedSession.sessionId(8));
        assertThat(demo.get(0).getCaptureUnixNs())
                .isGreaterThanOrEqualTo(SimulatedSession.EPOCH.getEpochSecond() * 1_000_000_000L);
    }

    @Test
    void framesAreProducedLazilyAsTheyAreConsumed() {
        AtomicLong produced = new AtomicLong();
        List<TelemetryFrame> first =
                SimulatedSession.frames(Scenario.laps(1000, 1))
                        .peek(f -> produced.incrementAndGet())
                        .limit(5)
                        .toList();
        assertThat(first)
                .extracting(TelemetryFrame::getSequence)
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(produced).hasValue(5);
        assertThat(
                        SimulatedSession.frames(Scenario.laps(1, 1), "car-2")
                                .findFirst()
                                .orElseThrow()
                                .getCarId())
                .isEqualTo("car-2");
    }

    @Test
    void parsesScenarios() {
        assertThat(Scenario.parse("")).isEqualTo(Scenario.demo(1));
        assertThat(Scenario.parse("seed=7,scenario=demo")).isEqualTo(Scenario.demo(7));
        assertThat(Scenario.parse("scenario=laps,laps=3,seed=2")).isEqualTo(Scenario.laps(3, 2));
        Scenario withEvents =
                Scenario.parse("seed=2,scenario=laps,laps=4,events=pause@2.5/3+game_exit@3.25");
        assertThat(withEvents.events())
                .containsExactly(
                        new ScenarioEvent(ScenarioEvent.Kind.PAUSE, 2, 0.5, 3),
                        new ScenarioEvent(ScenarioEvent.Kind.GAME_EXIT, 3, 0.25, 3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scenario.parse("scenario=rally"))
                .hasMessageContaining("unknown scenario 'rally'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scenario.parse("seed=x"))
                .hasMessageContaining("not a number");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scenario.parse("speed=3"))
                .hasMessageContaining("unknown scenario option 'speed'");
    }

    private static String digest(Stream<TelemetryFrame> frames) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        frames.forEach(f -> sha.update(f.toByteArray()));
        return HexFormat.of().formatHex(sha.digest());
    }
}
