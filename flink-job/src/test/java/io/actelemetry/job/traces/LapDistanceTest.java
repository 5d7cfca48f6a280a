package io.actelemetry.job.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LapDistanceTest {
    static final float TRACK_M = 2000f;

    /**
     * A lap of a round track of {@code TRACK_M} at a steady 180 km/h, a sample every 20 ms, the
     * spline's zero at the line: spline, coordinates and speed all agree.
     */
    static TraceSamples roundLap() {
        TraceSamples t = new TraceSamples();
        double v = 50; // m/s
        double lapS = TRACK_M / v;
        double radius = TRACK_M / (2 * Math.PI);
        for (double s = 0; s <= lapS + 1e-9; s += 0.02) {
            double d = Math.min(TRACK_M, v * s);
            double a = d / radius;
            t.add(
                    (float) (s * 1000),
                    (float) ((d / TRACK_M) % 1.0),
                    (float) (radius * Math.cos(a)),
                    (float) (radius * Math.sin(a)),
                    180f,
                    1f,
                    0f,
                    5,
                    0.1f,
                    1.3f);
        }
        return t;
    }

    @Test
    void aTrustworthySplineGivesTheDistance() {
        LapDistance.Result r = LapDistance.of(roundLap(), TRACK_M);
        assertThat(r.source()).isEqualTo(LapDistance.Source.SPLINE);
        assertThat(r.lengthM()).isCloseTo(TRACK_M, within(1.0));
        assertThat(r.distanceM()[r.distanceM().length / 2]).isCloseTo(TRACK_M / 2, within(2.0));
    }

    @Test
    void aGarbageSplineLengthFallsBackToThePath() {
        // a real log's static page: 1.8e-44 m
        LapDistance.Result r = LapDistance.of(roundLap(), 1.8e-44f);
        assertThat(r.source()).isEqualTo(LapDistance.Source.PATH);
        assertThat(r.lengthM()).isCloseTo(TRACK_M, within(2.0)); // chords of a circle
        // a spline length of another layout does not agree with the speed either
        assertThat(LapDistance.of(roundLap(), 3 * TRACK_M).source())
                .isEqualTo(LapDistance.Source.PATH);
    }

    @Test
    void withoutSplineOrCoordinatesTheSpeedIsIntegrated() {
        TraceSamples t = roundLap();
        for (int i = 0; i < t.n; i++) {
            t.spline[i] = 0;
            t.x[i] = 0;
            t.z[i] = 0;
        }
        LapDistance.Result r = LapDistance.of(t, 0f);
        assertThat(r.source()).isEqualTo(LapDistance.Source.SPEED);
        assertThat(r.lengthM()).isCloseTo(TRACK_M, within(2.0));
        assertThat(LapDistance.hasCoordinates(t)).isFalse();
    }

    @Test
    void reversingNeverTakesTheDistanceBackAndGainsNothing() {
        for (float splineLength : new float[] {TRACK_M, 0f}) {
            TraceSamples t = reversedAtHalfway();
            double[] d = LapDistance.of(t, splineLength).distanceM();
            for (int i = 1; i < d.length; i++) assertThat(d[i]).isGreaterThanOrEqualTo(d[i - 1]);
            // back 30 m and forward again: the distance stands until the car is past where it was
            int stuck = 0;
            for (int i = 1; i < d.length; i++) if (d[i] == d[i - 1]) stuck++;
            assertThat(stuck)
                    .as("samples standing, spline length %s", splineLength)
                    .isGreaterThan(100);
            assertThat(d[d.length - 1]).isCloseTo(TRACK_M, within(3.0));
        }
    }

    @Test
    void aSpinThatSlidesBackGainsNothingEither() {
        // spun at halfway: the car slides 30 m back along the spline, still in a forward gear
        TraceSamples t = reversedAtHalfway();
        for (int i = 0; i < t.n; i++) if (t.gear[i] == -1) t.gear[i] = 3;
        LapDistance.Result r = LapDistance.of(t, TRACK_M);
        assertThat(r.source()).isEqualTo(LapDistance.Source.SPLINE);
        double[] d = r.distanceM();
        double maxBefore = 0;
        for (int i = 1; i < d.length; i++) {
            assertThat(d[i]).isGreaterThanOrEqualTo(d[i - 1]);
            // never further than the car has been: no distance from sliding back and forth
            maxBefore = Math.max(maxBefore, t.spline[i] * TRACK_M);
            if (t.spline[i] > 0.1 && t.spline[i] < 0.9)
                assertThat(d[i]).isLessThanOrEqualTo(maxBefore + 0.5);
        }
    }

    /** {@link #roundLap()} but at halfway the car reverses 30 m at 5 m/s and drives on. */
    static TraceSamples reversedAtHalfway() {
        TraceSamples clean = roundLap();
        TraceSamples t = new TraceSamples();
        int half = clean.n / 2;
        double radius = TRACK_M / (2 * Math.PI);
        float base = 0;
        for (int i = 0; i < clean.n; i++) {
            if (i == half) {
                double d0 = clean.spline[i] * TRACK_M;
                float t0 = clean.timeMs[i];
                // 6 s back at 5 m/s, then 6 s forward again: 12 s lost
                for (int k = 1; k <= 600; k++) {
                    double back = k <= 300 ? k * 0.1 : (600 - k) * 0.1;
                    double d = d0 - back;
                    double a = d / radius;
                    t.add(
                            t0 + k * 20f,
                            (float) (d / TRACK_M),
                            (float) (radius * Math.cos(a)),
                            (float) (radius * Math.sin(a)),
                            18f,
                            0.2f,
                            0f,
                            k <= 300 ? -1 : 1,
                            0f,
                            0f);
                }
                base = 12_000f;
            }
            t.add(
                    clean.timeMs[i] + base,
                    clean.spline[i],
                    clean.x[i],
                    clean.z[i],
                    clean.speedKmh[i],
                    clean.throttle[i],
                    clean.brake[i],
                    clean.gear[i],
                    clean.steer[i],
                    clean.accLatG[i]);
        }
        return t;
    }
}
