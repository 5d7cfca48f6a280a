package io.actelemetry.bridge.sim;

import io.actelemetry.bridge.pages.Wheels;

/**
 * Tyres and brakes of the four wheels (FL, FR, RL, RR): loads from weight transfer, core and
 * surface temperatures that heat with the work done and cool with speed, wear, pressure, dirt.
 */
final class Tyres {

    private static final double AIR_C = 24;

    final double[] load = new double[4];
    final double[] core = new double[4];
    final double[] inner = new double[4];
    final double[] middle = new double[4];
    final double[] outer = new double[4];
    final double[] wear = new double[4];
    final double[] dirt = new double[4];
    final double[] brake = new double[4];
    final double[] slip = new double[4];

    Tyres() {
        fit(65);
    }

    /** A fresh set, warmed to {@code temperature} by blankets. */
    void fit(double temperature) {
        for (int w = 0; w < 4; w++) {
            core[w] = temperature;
            wear[w] = 100;
            dirt[w] = 0;
            inner[w] = middle[w] = outer[w] = temperature;
        }
    }

    /**
     * One step of {@code dt} s at speed v (m/s), lateral and longitudinal acceleration in g
     * (lateral positive to the left), brake pedal 0..1, {@code offTrack} wheels on the grass.
     */
    void step(double dt, double v, double latG, double longG, double brakePedal, int offTrack) {
        double downforce = CarSpec.MASS_KG * CarSpec.G * CarSpec.AERO_G_PER_V2 * v * v;
        double base = (CarSpec.MASS_KG * CarSpec.G + downforce) / 4;
        double longShift = CarSpec.MASS_KG * CarSpec.G * -longG * 0.45 / CarSpec.WHEELBASE_M / 2;
        double latShift = CarSpec.MASS_KG * CarSpec.G * latG * 0.5 / 1.6 / 2;
        double usage =
                Math.min(
                        1.2,
                        Math.hypot(latG, longG) / (CarSpec.GRIP_G + CarSpec.AERO_G_PER_V2 * v * v));
        for (int w = 0; w < 4; w++) {
            boolean front = w < 2;
            boolean left = w % 2 == 0;
            load[w] =
                    Math.max(
                            0,
                            base
                                    + (front ? longShift : -longShift)
                                    + (left ? -latShift : latShift));
            double share = load[w] / base;
            slip[w] = usage * (0.85 + 0.15 * share);
            double work = Math.min(1.5, Math.abs(latG) + Math.abs(longG));
            double heat = 3.0 * work * Math.sqrt(share) * Math.min(v, 60) / 40;
            double cool = 0.02 * (core[w] - AIR_C) * (1 + v / 40);
            core[w] += dt * (heat - cool);
            // The outside edge of the loaded (outer-in-the-corner) tyre runs hotter; camber heats
            // the inside.
            double edge = (left ? -latG : latG) * 6;
            inner[w] += (core[w] + 5 - edge * 0.3 - inner[w]) * Math.min(1, dt * 2);
            middle[w] += (core[w] + 1 - middle[w]) * Math.min(1, dt * 2);
            outer[w] += (core[w] - 3 + edge - outer[w]) * Math.min(1, dt * 2);
            wear[w] -=
                    dt
                            * 1.1e-3
                            * (Math.abs(latG) + Math.abs(longG) + 0.2)
                            * share
                            * Math.min(v, 60)
                            / 40;
            dirt[w] =
                    w < offTrack
                            ? Math.min(5, dirt[w] + dt * 1.5)
                            : Math.max(0, dirt[w] - dt * 0.05);
            double brakeHeat = brakePedal * v * (front ? 9 : 6);
            brake[w] += dt * (brakeHeat - 0.025 * (brake[w] - AIR_C) * (1 + v / 30));
        }
    }

    void initBrakes() {
        for (int w = 0; w < 4; w++) {
            brake[w] = 150;
        }
    }

    static Wheels wheels(double[] values) {
        return new Wheels(
                (float) values[0], (float) values[1], (float) values[2], (float) values[3]);
    }

    Wheels pressures() {
        return new Wheels(
                (float) (21.5 + (core[0] - 20) * 0.1),
                (float) (21.5 + (core[1] - 20) * 0.1),
                (float) (21.5 + (core[2] - 20) * 0.1),
                (float) (21.5 + (core[3] - 20) * 0.1));
    }
}
