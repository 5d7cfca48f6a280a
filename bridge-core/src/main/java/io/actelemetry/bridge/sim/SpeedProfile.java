package io.actelemetry.bridge.sim;

/**
 * The fastest speed at every metre of a lap: corner speeds from curvature and grip, then a forward
 * pass with the car's acceleration and a backward pass with its braking. Extra limits (the pit
 * lane, a stop in the box) are applied before the passes, so the car brakes for them in time.
 */
final class SpeedProfile {

    private final double[] speed;

    private SpeedProfile(double[] speed) {
        this.speed = speed;
    }

    /** {@code limits[m]} caps the speed at metre m (NaN or infinity = no cap). */
    static SpeedProfile build(Track track, double[] limits) {
        int n = track.metres;
        double[] v = new double[n];
        for (int m = 0; m < n; m++) {
            double k = Math.abs(track.curvature[m]);
            double aeroK = CarSpec.G * CarSpec.AERO_G_PER_V2;
            double corner = k <= aeroK ? 95 : Math.sqrt(CarSpec.G * CarSpec.GRIP_G / (k - aeroK));
            v[m] = Math.min(95, corner);
            if (limits != null && limits[m] < v[m]) {
                v[m] = limits[m];
            }
        }
        // Two laps of each pass so the limits carry across the line.
        for (int i = 1; i < 2 * n; i++) {
            int m = i % n;
            int prev = (i - 1) % n;
            double reachable =
                    Math.sqrt(v[prev] * v[prev] + 2 * Math.max(0.5, CarSpec.acceleration(v[prev])));
            v[m] = Math.min(v[m], reachable);
        }
        for (int i = 2 * n - 2; i >= 0; i--) {
            int m = i % n;
            int next = (i + 1) % n;
            double reachable = Math.sqrt(v[next] * v[next] + 2 * CarSpec.deceleration(v[next]));
            v[m] = Math.min(v[m], reachable);
        }
        return new SpeedProfile(v);
    }

    /** Target speed at distance s, interpolated between metres. */
    double at(Track track, double s) {
        int m = track.at(s);
        double f = s - Math.floor(s);
        return speed[m] + f * (speed[(m + 1) % speed.length] - speed[m]);
    }
}
