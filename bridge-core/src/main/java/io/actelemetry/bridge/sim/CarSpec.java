package io.actelemetry.bridge.sim;

/** The simulated car: a GT3-like machine, numbers of the right order for believable laps. */
final class CarSpec {
    static final String MODEL = "sim_gt3";
    static final double MASS_KG = 1300;
    static final double POWER_W = 370_000;
    static final double TORQUE_NM = 600;
    static final double GRIP_G = 1.35; // mechanical grip
    static final double AERO_G_PER_V2 = 1.6e-4; // downforce: extra g per (m/s)^2
    static final double DRAG_PER_V2 =
            0.78 / MASS_KG; // 0.5 * rho * CdA / m: about 280 km/h flat out
    static final double BRAKE_G = 1.5;
    static final double TRACTION_G = 1.0;
    static final double WHEEL_RADIUS_M = 0.335;
    static final double WHEELBASE_M = 2.7;
    static final double STEER_RATIO = 13;
    static final double STEER_LOCK_DEG = 270; // steering wheel degrees at full input
    static final double[] GEAR_RATIOS = {3.0, 2.2, 1.72, 1.42, 1.2, 1.05};
    static final double FINAL_DRIVE = 3.4;
    static final int MAX_RPM = 8500;
    static final int SHIFT_UP_RPM = 8100;
    static final int SHIFT_DOWN_RPM = 5200;
    static final int IDLE_RPM = 2200;
    static final double MAX_FUEL_L = 120;
    static final double FUEL_L_PER_S_FULL = 0.055;
    static final double PIT_LIMIT_MS = 80 / 3.6;
    static final double G = 9.81;

    /** Lateral acceleration available at speed v, m/s^2. */
    static double lateralLimit(double v) {
        return G * (GRIP_G + AERO_G_PER_V2 * v * v);
    }

    /**
     * Forward acceleration available at speed v, m/s^2 (traction- then power-limited, less drag).
     */
    static double acceleration(double v) {
        double drive = Math.min(TRACTION_G * G, POWER_W / (MASS_KG * Math.max(v, 1)));
        return drive - DRAG_PER_V2 * v * v;
    }

    /** Deceleration available at speed v, m/s^2 (brakes, downforce and drag help). */
    static double deceleration(double v) {
        return G * (BRAKE_G + 0.7 * AERO_G_PER_V2 * v * v) + DRAG_PER_V2 * v * v;
    }

    static double rpm(double v, int gear) {
        double wheelRpm = v / WHEEL_RADIUS_M * 60 / (2 * Math.PI);
        return wheelRpm * GEAR_RATIOS[gear - 1] * FINAL_DRIVE;
    }

    private CarSpec() {}
}
