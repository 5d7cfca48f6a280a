package io.actelemetry.job.corners;

import io.actelemetry.job.traces.LapTrace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Synthetic laps of synthetic circuits: straights and arcs, driven at the grip limit. Speed in an
 * arc is limited by {@code sqrt(mu g r)}, a little higher at the arc's ends than at its middle (so
 * each corner has one slowest point); the car brakes at {@link #BRAKE_G} before and accelerates
 * after, and every channel follows from that speed profile on a {@link #STEP_M} grid.
 */
final class TestTracks {
    static final float STEP_M = 2f;
    static final double G = 9.81;
    static final double MU = 1.4;
    static final double BRAKE_G = 1.2;
    static final double ACCEL_G = 0.6;
    static final double TOP_MS = 80;

    /**
     * A piece of a circuit: a straight ({@code side} 0) or an arc to the left (+1) or right (-1).
     */
    record Segment(double lengthM, double radiusM, int side) {
        double curvature() {
            return side == 0 ? 0 : side / radiusM;
        }
    }

    static Segment straight(double m) {
        return new Segment(m, 0, 0);
    }

    static Segment left(double radiusM, double degrees) {
        return new Segment(radiusM * Math.toRadians(degrees), radiusM, 1);
    }

    static Segment right(double radiusM, double degrees) {
        return new Segment(radiusM * Math.toRadians(degrees), radiusM, -1);
    }

    /** A corner of a circuit: where its arcs start and end along the lap, m. */
    record Corner(double startM, double endM) {
        double middleM() {
            return (startM + endM) / 2;
        }
    }

    record Circuit(List<Segment> segments, List<Corner> corners) {
        double lengthM() {
            return segments.stream().mapToDouble(Segment::lengthM).sum();
        }
    }

    static final class Builder {
        private final List<Segment> segments = new ArrayList<>();
        private final List<Corner> corners = new ArrayList<>();
        private double atM;

        Builder straight(double m) {
            add(TestTracks.straight(m));
            return this;
        }

        /**
         * One corner of one or more pieces (a double apex is two arcs and the straight between).
         */
        Builder corner(Segment... pieces) {
            double start = atM;
            for (Segment s : pieces) {
                add(s);
            }
            corners.add(new Corner(start, atM));
            return this;
        }

        private void add(Segment s) {
            segments.add(s);
            atM += s.lengthM();
        }

        Circuit build() {
            return new Circuit(List.copyOf(segments), List.copyOf(corners));
        }
    }

    /**
     * About 4.4 km with 7 corners: a hairpin, a fast sweeper, a 90-degree right, a chicane (two
     * corners), a double-apex right (one corner) and a 90-degree left.
     */
    static Circuit grandPrix() {
        return new Builder()
                .straight(600)
                .corner(right(15, 180))
                .straight(400)
                .corner(left(150, 60))
                .straight(500)
                .corner(right(40, 90))
                .straight(300)
                .corner(left(35, 50))
                .straight(12)
                .corner(right(35, 50))
                .straight(600)
                .corner(right(50, 60), straight(25), right(50, 60))
                .straight(500)
                .corner(left(60, 90))
                .straight(900)
                .build();
    }

    static Circuit dragStrip() {
        return new Builder().straight(1200).build();
    }

    /** How a lap is driven and recorded; {@link #clean()} is the ideal lap. */
    record Driving(
            boolean coordinates,
            double jitterM,
            double speedNoiseKmh,
            double lineOffsetM,
            double grip,
            int slowCorner,
            double slowFactor,
            int lapIndex,
            long seed) {
        static Driving clean() {
            return new Driving(true, 0, 0, 0, 1, 0, 1, 1, 1);
        }

        /** Position jitter, speed and lateral g noise, and a line up to 1.5 m off the ideal. */
        Driving noisy(long seed) {
            return new Driving(
                    coordinates, 0.2, 1.0, 1.5, grip, slowCorner, slowFactor, lapIndex, seed);
        }

        Driving withoutCoordinates() {
            return new Driving(
                    false,
                    jitterM,
                    speedNoiseKmh,
                    lineOffsetM,
                    grip,
                    slowCorner,
                    slowFactor,
                    lapIndex,
                    seed);
        }

        /** Cornering grip as a fraction of the ideal lap's: a lap slower in every corner. */
        Driving withGrip(double fraction) {
            return new Driving(
                    coordinates,
                    jitterM,
                    speedNoiseKmh,
                    lineOffsetM,
                    fraction,
                    slowCorner,
                    slowFactor,
                    lapIndex,
                    seed);
        }

        /**
         * Corner {@code corner} (1-based) taken at {@code factor} of the speed, and nothing else.
         */
        Driving slowIn(int corner, double factor) {
            return new Driving(
                    coordinates,
                    jitterM,
                    speedNoiseKmh,
                    lineOffsetM,
                    grip,
                    corner,
                    factor,
                    lapIndex,
                    seed);
        }

        Driving lap(int index) {
            return new Driving(
                    coordinates,
                    jitterM,
                    speedNoiseKmh,
                    lineOffsetM,
                    grip,
                    slowCorner,
                    slowFactor,
                    index,
                    seed);
        }
    }

    /** A lap together with what the driving did, to check what is measured against. */
    record Drive(LapTrace lap, double[] speedMs, boolean[] braking) {
        /**
         * Where the braking for a corner began: the start of the braking that ends in the corner or
         * just before it, or NaN when the car did not brake for it.
         */
        double brakeStartM(Corner corner) {
            int i = slowestIndex(corner);
            while (i > 0 && !braking[i - 1] && lap.distanceM(i) > corner.startM() - 10) {
                i--;
            }
            if (i == 0 || !braking[i - 1]) {
                return Double.NaN;
            }
            while (i > 0 && braking[i - 1]) {
                i--;
            }
            return lap.distanceM(i);
        }

        int slowestIndex(Corner corner) {
            int best = -1;
            for (int i = 0; i < lap.points(); i++) {
                double d = lap.distanceM(i);
                if (d >= corner.startM()
                        && d <= corner.endM()
                        && (best < 0 || speedMs[i] < speedMs[best])) {
                    best = i;
                }
            }
            return best;
        }
    }

    static LapTrace lap(Circuit circuit, Driving driving) {
        return drive(circuit, driving).lap();
    }

    static Drive drive(Circuit circuit, Driving driving) {
        double length = circuit.lengthM();
        int n = (int) Math.ceil(length / STEP_M) + 1;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.min(i * (double) STEP_M, length);
        }
        double[] kappa = new double[n];
        double[] limit = new double[n];
        for (int i = 0; i < n; i++) {
            kappa[i] = curvatureAt(circuit, s[i]);
            limit[i] = limitAt(circuit, s[i], driving.grip());
        }

        double[] forward = new double[n];
        forward[0] = Math.min(55, limit[0]);
        for (int i = 1; i < n; i++) {
            double v = forward[i - 1];
            double a = ACCEL_G * G * Math.max(0.05, 1 - (v / TOP_MS) * (v / TOP_MS));
            forward[i] = Math.min(limit[i], Math.sqrt(v * v + 2 * a * (s[i] - s[i - 1])));
        }
        double[] v = forward.clone();
        for (int i = n - 2; i >= 0; i--) {
            v[i] =
                    Math.min(
                            v[i],
                            Math.sqrt(v[i + 1] * v[i + 1] + 2 * BRAKE_G * G * (s[i + 1] - s[i])));
        }
        if (driving.slowCorner() > 0) {
            Corner c = circuit.corners().get(driving.slowCorner() - 1);
            double from = c.startM() - 20;
            double to = c.endM() + 20;
            for (int i = 0; i < n; i++) {
                if (s[i] > from && s[i] < to) {
                    double bump = Math.pow(Math.sin(Math.PI * (s[i] - from) / (to - from)), 2);
                    v[i] *= 1 - (1 - driving.slowFactor()) * bump;
                }
            }
        }

        LapTrace lap = new LapTrace();
        lap.sessionId = "test";
        lap.carId = "car";
        lap.carModel = "synthetic";
        lap.track = "synthetic";
        lap.trackLayout = "gp";
        lap.lapIndex = driving.lapIndex();
        lap.valid = true;
        lap.lapClass = "flying";
        lap.distanceSource = "test";
        lap.stepM = STEP_M;
        lap.lengthM = (float) length;
        lap.hasCoordinates = driving.coordinates();
        lap.elapsedMs = new float[n];
        lap.speedKmh = new float[n];
        lap.throttle = new float[n];
        lap.brake = new float[n];
        lap.gear = new byte[n];
        lap.steer = new float[n];
        lap.accLatG = new float[n];
        lap.x = new float[n];
        lap.y = new float[n];

        Random random = new Random(driving.seed());
        boolean[] braking = new boolean[n];
        double elapsed = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                elapsed += (s[i] - s[i - 1]) / ((v[i] + v[i - 1]) / 2) * 1000;
            }
            lap.elapsedMs[i] = (float) elapsed;
            lap.speedKmh[i] =
                    (float) (v[i] * 3.6 + random.nextGaussian() * driving.speedNoiseKmh());
            // the acceleration over the step ahead: what the pedals are doing here
            double accel =
                    i + 1 < n ? (v[i + 1] * v[i + 1] - v[i] * v[i]) / (2 * (s[i + 1] - s[i])) : 0;
            braking[i] = accel < -1.5;
            lap.brake[i] = braking[i] ? (float) Math.min(1, -accel / (BRAKE_G * G)) : 0;
            lap.throttle[i] =
                    braking[i]
                            ? 0
                            : accel > 0.5 ? (float) Math.min(1, 0.4 + accel / (ACCEL_G * G)) : 0.3f;
            lap.gear[i] = (byte) Math.min(6, 1 + (int) (v[i] * 3.6 / 50));
            lap.steer[i] = (float) Math.max(-1, Math.min(1, kappa[i] * 4));
            lap.accLatG[i] =
                    (float)
                            (v[i] * v[i] * kappa[i] / G
                                    + random.nextGaussian() * driving.speedNoiseKmh() * 0.05);
        }
        lap.lapTimeMs = Math.round(lap.elapsedMs[n - 1]);
        lap.endTimeMs = 1_000_000L * driving.lapIndex();
        place(circuit, driving, s, lap, random);
        return new Drive(lap, v, braking);
    }

    /**
     * World positions: the circuit's centre line, moved sideways by the driven line, plus jitter.
     */
    private static void place(
            Circuit circuit, Driving driving, double[] s, LapTrace lap, Random random) {
        if (!driving.coordinates()) {
            Arrays.fill(lap.x, Float.NaN);
            Arrays.fill(lap.y, Float.NaN);
            return;
        }
        double x = -200;
        double y = 500;
        double heading = 0.3;
        int segment = 0;
        double inSegment = 0;
        for (int i = 0; i < s.length; i++) {
            double todo = i == 0 ? 0 : s[i] - s[i - 1];
            while (todo > 1e-9) {
                Segment seg =
                        circuit.segments().get(Math.min(segment, circuit.segments().size() - 1));
                double d =
                        segment < circuit.segments().size()
                                ? Math.min(todo, seg.lengthM() - inSegment)
                                : todo;
                double k = seg.curvature();
                if (k == 0) {
                    x += d * Math.cos(heading);
                    y += d * Math.sin(heading);
                } else {
                    x += (Math.sin(heading + k * d) - Math.sin(heading)) / k;
                    y -= (Math.cos(heading + k * d) - Math.cos(heading)) / k;
                    heading += k * d;
                }
                todo -= d;
                inSegment += d;
                if (segment < circuit.segments().size() && inSegment >= seg.lengthM() - 1e-9) {
                    segment++;
                    inSegment = 0;
                }
            }
            double offset = driving.lineOffsetM() * Math.sin(2 * Math.PI * s[i] / 900);
            lap.x[i] =
                    (float)
                            (x
                                    - offset * Math.sin(heading)
                                    + random.nextGaussian() * driving.jitterM());
            lap.y[i] =
                    (float)
                            (y
                                    + offset * Math.cos(heading)
                                    + random.nextGaussian() * driving.jitterM());
        }
    }

    private static double curvatureAt(Circuit circuit, double s) {
        double at = 0;
        for (Segment seg : circuit.segments()) {
            if (s < at + seg.lengthM()) {
                return seg.curvature();
            }
            at += seg.lengthM();
        }
        return 0;
    }

    /** The grip limit: lowest at an arc's middle, 8% higher at its ends. */
    private static double limitAt(Circuit circuit, double s, double grip) {
        double at = 0;
        for (Segment seg : circuit.segments()) {
            if (s < at + seg.lengthM()) {
                if (seg.side() == 0) {
                    return TOP_MS;
                }
                double half = seg.lengthM() / 2;
                double fromMiddle = Math.abs(s - at - half) / half;
                return Math.min(
                        TOP_MS, Math.sqrt(grip * MU * G * seg.radiusM()) * (1 + 0.08 * fromMiddle));
            }
            at += seg.lengthM();
        }
        return TOP_MS;
    }

    /**
     * The delta of a lap to a reference on the same circuit: time behind at the same fraction of
     * the lap.
     */
    static int[] delta(LapTrace lap, LapTrace reference) {
        int[] delta = new int[lap.points()];
        for (int i = 0; i < delta.length; i++) {
            double at = lap.distanceM(i) / lap.lengthM * reference.lengthM;
            delta[i] = Math.round(lap.elapsedMs[i]) - Math.round(elapsedAt(reference, at));
        }
        return delta;
    }

    private static float elapsedAt(LapTrace lap, double distanceM) {
        int i = (int) Math.min(lap.points() - 2, Math.floor(distanceM / lap.stepM));
        double d0 = lap.distanceM(i);
        double d1 = lap.distanceM(i + 1);
        double t = d1 > d0 ? Math.max(0, Math.min(1, (distanceM - d0) / (d1 - d0))) : 0;
        return (float) (lap.elapsedMs[i] + t * (lap.elapsedMs[i + 1] - lap.elapsedMs[i]));
    }

    private TestTracks() {}
}
