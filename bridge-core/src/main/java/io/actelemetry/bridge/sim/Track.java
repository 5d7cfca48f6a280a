package io.actelemetry.bridge.sim;

/**
 * A closed circuit sampled every metre: position, heading, signed curvature (left turns positive)
 * and elevation, built from a closed Catmull-Rom spline through hand-placed points. The timing line
 * is at distance 0, in the middle of the main straight, where the pit lane also runs.
 */
final class Track {

    /** A 4.6 km circuit: a long main straight, a hairpin, fast sweepers and a slow infield. */
    private static final double[][] SIM_RING = {
        {500, 0},
        {1000, 0},
        {1160, 40},
        {1190, 170},
        {1080, 230},
        {930, 230},
        {820, 330},
        {870, 520},
        {780, 660},
        {560, 640},
        {420, 560},
        {300, 700},
        {80, 700},
        {-120, 560},
        {-260, 380},
        {-320, 170},
        {-230, 30},
        {0, 0},
    };

    final String name;
    final String configuration;
    final double length;
    final int metres;
    final double[] x;
    final double[] y;
    final double[] z;
    final double[] heading;
    final double[] curvature;

    private Track(
            String name,
            String configuration,
            double[] x,
            double[] y,
            double[] z,
            double[] heading,
            double[] curvature) {
        this.name = name;
        this.configuration = configuration;
        this.x = x;
        this.y = y;
        this.z = z;
        this.heading = heading;
        this.curvature = curvature;
        this.metres = x.length;
        this.length = metres;
    }

    static Track simRing() {
        return fromPoints("sim_ring", "gp", SIM_RING, 1.25);
    }

    static Track fromPoints(String name, String configuration, double[][] points, double scale) {
        int n = points.length;
        int perSegment = 400;
        double[] px = new double[n * perSegment + 1];
        double[] pz = new double[n * perSegment + 1];
        double[] cumulative = new double[n * perSegment + 1];
        for (int i = 0; i < n; i++) {
            double[] p0 = points[(i - 1 + n) % n];
            double[] p1 = points[i];
            double[] p2 = points[(i + 1) % n];
            double[] p3 = points[(i + 2) % n];
            for (int j = 0; j < perSegment; j++) {
                double t = j / (double) perSegment;
                int k = i * perSegment + j;
                px[k] = scale * catmullRom(p0[0], p1[0], p2[0], p3[0], t);
                pz[k] = scale * catmullRom(p0[1], p1[1], p2[1], p3[1], t);
            }
        }
        px[n * perSegment] = px[0];
        pz[n * perSegment] = pz[0];
        for (int k = 1; k < px.length; k++) {
            cumulative[k] = cumulative[k - 1] + Math.hypot(px[k] - px[k - 1], pz[k] - pz[k - 1]);
        }
        int metres = (int) Math.floor(cumulative[px.length - 1]);
        double[] x = new double[metres];
        double[] y = new double[metres];
        double[] z = new double[metres];
        int k = 0;
        for (int m = 0; m < metres; m++) {
            while (cumulative[k + 1] < m) {
                k++;
            }
            double f = (m - cumulative[k]) / (cumulative[k + 1] - cumulative[k]);
            x[m] = px[k] + f * (px[k + 1] - px[k]);
            z[m] = pz[k] + f * (pz[k + 1] - pz[k]);
            y[m] =
                    8 * Math.sin(2 * Math.PI * m / metres)
                            + 3 * Math.sin(6 * Math.PI * m / metres + 1);
        }
        double[] heading = new double[metres];
        for (int m = 0; m < metres; m++) {
            int next = (m + 1) % metres;
            heading[m] = Math.atan2(x[next] - x[m], z[next] - z[m]);
        }
        // Curvature as heading change per metre, smoothed over +-6 m (the spline's knots are only
        // C1).
        double[] raw = new double[metres];
        for (int m = 0; m < metres; m++) {
            raw[m] = -wrap(heading[(m + 1) % metres] - heading[m]);
        }
        double[] curvature = new double[metres];
        int window = 6;
        for (int m = 0; m < metres; m++) {
            double sum = 0;
            for (int d = -window; d <= window; d++) {
                sum += raw[Math.floorMod(m + d, metres)];
            }
            curvature[m] = sum / (2 * window + 1);
        }
        return new Track(name, configuration, x, y, z, heading, curvature);
    }

    private static double catmullRom(double p0, double p1, double p2, double p3, double t) {
        return 0.5
                * (2 * p1
                        + (-p0 + p2) * t
                        + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t
                        + (-p0 + 3 * p1 - 3 * p2 + p3) * t * t * t);
    }

    static double wrap(double angle) {
        return Math.atan2(Math.sin(angle), Math.cos(angle));
    }

    /** Index of the sample at distance {@code s} (wrapped into the lap). */
    int at(double s) {
        return Math.floorMod((int) Math.floor(s), metres);
    }

    /** Distance from {@code from} forward to {@code to} along the lap. */
    double ahead(double from, double to) {
        double d = to - from;
        return d < 0 ? d + length : d;
    }
}
