package io.actelemetry.job.frame;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.actelemetry.proto.v1.FormatVersion;
import io.actelemetry.proto.v1.TelemetryFrame;
import java.util.Arrays;
import java.util.Set;

/**
 * A serialized {@code TelemetryFrame} to {@link Frame}, decoded straight from the bytes ({@link
 * FlatMessage}) rather than through the generated message, whose builders cost more than the rest
 * of the source. It checks the bytes as protobuf's parser does (structure, UTF-8 of every string),
 * so what it accepts the frames table can always flatten.
 *
 * <p>Original-bridge frames (format_version 0) carry the game's raw gear (offset by one) and steer
 * divided by 180: both are converted here so every consumer sees conventional values. The lap times
 * come from the integer millisecond fields, or from the original contract's float seconds where a
 * producer sends only those. Graphics values are passed as they came: the lap tracker judges from
 * how they behave whether to trust them.
 *
 * <p>One converter per thread: it keeps the strings of the previous frame, which nearly every frame
 * repeats, so they are neither decoded nor allocated again.
 */
public final class FrameConverter implements FlatMessage.Slots {
    private static final FlatMessage WIRE =
            new FlatMessage(TelemetryFrame.getDescriptor(), Set.of());

    private static final int SESSION_ID = WIRE.index("session_id");
    private static final int CAR_ID = WIRE.index("car_id");
    private static final int GAME = WIRE.index("game");
    private static final int SEQUENCE = WIRE.index("sequence");
    private static final int MONOTONIC_NS = WIRE.index("monotonic_ns");
    private static final int CAPTURE_UNIX_NS = WIRE.index("capture_unix_ns");
    private static final int FORMAT_VERSION = WIRE.index("format_version");
    private static final int STATE = WIRE.index("state");

    private static final int CAR_MODEL = WIRE.index("stat_car_model");
    private static final int TRACK = WIRE.index("stat_track");
    private static final int TRACK_CONFIGURATION = WIRE.index("stat_track_configuration");
    private static final int PLAYER_NAME = WIRE.index("stat_player_name");
    private static final int PLAYER_SURNAME = WIRE.index("stat_player_surname");
    private static final int PLAYER_NICK = WIRE.index("stat_player_nick");
    private static final int SECTOR_COUNT = WIRE.index("stat_sector_count");
    private static final int TRACK_SPLINE_LENGTH_M = WIRE.index("stat_track_spline_length_m");
    private static final int MAX_FUEL_L = WIRE.index("stat_max_fuel_l");

    private static final int STATUS = WIRE.index("graphics_status");
    private static final int SESSION_TYPE = WIRE.index("graphics_session_type");
    private static final int COMPLETED_LAPS = WIRE.index("graphics_completed_laps");
    private static final int POSITION = WIRE.index("graphics_position");
    private static final int CURRENT_LAP_MS = WIRE.index("graphics_current_lap_ms");
    private static final int LAST_LAP_MS = WIRE.index("graphics_last_lap_ms");
    private static final int BEST_LAP_MS = WIRE.index("graphics_best_lap_ms");
    private static final int CURRENT_TIME_S = WIRE.index("graphics_i_current_time_s");
    private static final int LAST_TIME_S = WIRE.index("graphics_i_last_time_s");
    private static final int BEST_TIME_S = WIRE.index("graphics_i_best_time_s");
    private static final int CURRENT_SECTOR_INDEX = WIRE.index("graphics_current_sector_index");
    private static final int LAST_SECTOR_TIME_MS = WIRE.index("graphics_last_sector_time_ms");
    private static final int FLAG = WIRE.index("graphics_flag");
    private static final int NORMALIZED_CAR_POS = WIRE.index("graphics_normalized_car_pos");
    private static final int DISTANCE_TRAVELED_M = WIRE.index("graphics_distance_traveled_m");
    private static final int IS_IN_PIT = WIRE.index("graphics_is_in_pit");
    private static final int IS_IN_PIT_LANE = WIRE.index("graphics_is_in_pit_lane");
    private static final int CAR_X = WIRE.index("graphics_car_coordinates_x");
    private static final int CAR_Y = WIRE.index("graphics_car_coordinates_y");
    private static final int CAR_Z = WIRE.index("graphics_car_coordinates_z");

    private static final int PACKET_ID = WIRE.index("physics_packet_id");
    private static final int GEAR = WIRE.index("physics_gear");
    private static final int SPEED_KMH = WIRE.index("physics_speed_kmh");
    private static final int GAS = WIRE.index("physics_gas");
    private static final int BRAKE = WIRE.index("physics_brake");
    private static final int CLUTCH = WIRE.index("physics_clutch");
    private static final int STEER = WIRE.index("physics_steer");
    private static final int ENGINE_RPM = WIRE.index("physics_engine_rpm");
    private static final int ACC_G_X = WIRE.index("physics_acc_g_x");
    private static final int ACC_G_Y = WIRE.index("physics_acc_g_y");
    private static final int ACC_G_Z = WIRE.index("physics_acc_g_z");
    private static final int FUEL_L = WIRE.index("physics_fuel_l");
    private static final int TYRES_OUT = WIRE.index("physics_number_of_tyres_out");
    private static final int AI_CONTROLLED = WIRE.index("physics_is_ai_controlled");
    private static final int PIT_LIMITER_ON = WIRE.index("physics_pit_limiter_on");
    private static final String[] WHEELS = {"fl", "fr", "rl", "rr"};
    private static final int[] TYRE_TEMP_C = wheels("physics_tyre_temp_c_");
    private static final int[] TYRE_PRESSURE_PSI = wheels("physics_tyre_pressure_psi_");

    private static final boolean[] IS_STRING = new boolean[WIRE.size()];
    private static final int[] BYTES_SLOTS; // strings and bytes: reset to "" before each frame

    static {
        for (FlatMessage.Column c : WIRE.columns())
            IS_STRING[c.index()] = c.type() == FieldDescriptor.Type.STRING;
        BYTES_SLOTS =
                WIRE.columns().stream()
                        .filter(
                                c ->
                                        c.type() == FieldDescriptor.Type.STRING
                                                || c.type() == FieldDescriptor.Type.BYTES)
                        .mapToInt(FlatMessage.Column::index)
                        .toArray();
    }

    // the frame being decoded: numbers as raw bits (unset: 0), strings ("" unless set)
    private final long[] values = new long[WIRE.size()];
    private final String[] strings = new String[WIRE.size()];
    // per string column, the last bytes seen and their string
    private final byte[][] lastBytes = new byte[WIRE.size()][];
    private final String[] lastStrings = new String[WIRE.size()];
    private String lastName;
    private String lastSurname;
    private String lastNick;
    private String lastDriver;

    /**
     * Decodes {@code raw}, a serialized TelemetryFrame, which the frame keeps as its {@link
     * Frame#raw}.
     */
    public Frame convert(byte[] raw) throws InvalidProtocolBufferException {
        Arrays.fill(values, 0);
        for (int slot : BYTES_SLOTS) strings[slot] = "";
        WIRE.read(raw, this, 0);

        Frame o = new Frame();
        o.sessionId = strings[SESSION_ID];
        o.carId = strings[CAR_ID];
        o.game = strings[GAME];
        o.sequence = values[SEQUENCE];
        o.monotonicNs = values[MONOTONIC_NS];
        o.captureUnixNs = values[CAPTURE_UNIX_NS];
        o.eventTimeMs =
                o.captureUnixNs != 0
                        ? o.captureUnixNs / 1_000_000L
                        : Long.divideUnsigned(o.monotonicNs, 1_000_000L);
        o.formatVersion = (int) values[FORMAT_VERSION];
        o.state = (int) values[STATE];
        boolean legacy = o.formatVersion == FormatVersion.FORMAT_VERSION_ORIGINAL_VALUE;

        o.carModel = strings[CAR_MODEL];
        o.track = strings[TRACK];
        o.trackConfiguration = strings[TRACK_CONFIGURATION];
        o.driver = driver();
        o.sectorCount = (int) values[SECTOR_COUNT];
        o.trackSplineLengthM = f(TRACK_SPLINE_LENGTH_M);
        o.maxFuelL = f(MAX_FUEL_L);

        o.status = (int) values[STATUS];
        o.sessionType = (int) values[SESSION_TYPE];
        o.completedLaps = (int) values[COMPLETED_LAPS];
        o.position = (int) values[POSITION];
        o.currentLapMs = ms(CURRENT_LAP_MS, CURRENT_TIME_S);
        o.lastLapMs = ms(LAST_LAP_MS, LAST_TIME_S);
        o.bestLapMs = ms(BEST_LAP_MS, BEST_TIME_S);
        o.currentSectorIndex = (int) values[CURRENT_SECTOR_INDEX];
        o.lastSectorTimeMs = (int) values[LAST_SECTOR_TIME_MS];
        o.flag = (int) values[FLAG];
        o.normalizedCarPos = f(NORMALIZED_CAR_POS);
        o.distanceTraveledM = f(DISTANCE_TRAVELED_M);
        o.inPit = values[IS_IN_PIT] != 0;
        o.inPitLane = values[IS_IN_PIT_LANE] != 0;
        o.posX = f(CAR_X);
        o.posY = f(CAR_Y);
        o.posZ = f(CAR_Z);

        o.packetId = (int) values[PACKET_ID];
        o.gear = legacy ? (int) values[GEAR] - 1 : (int) values[GEAR];
        o.speedKmh = f(SPEED_KMH);
        o.gas = f(GAS);
        o.brake = f(BRAKE);
        o.clutch = f(CLUTCH);
        o.steer = legacy ? f(STEER) * 180f : f(STEER);
        o.rpm = f(ENGINE_RPM);
        o.accLatG = f(ACC_G_X);
        o.accVertG = f(ACC_G_Y);
        o.accLonG = f(ACC_G_Z);
        o.fuelL = f(FUEL_L);
        o.tyresOut = (int) values[TYRES_OUT];
        o.aiControlled = values[AI_CONTROLLED] != 0;
        o.pitLimiterOn = values[PIT_LIMITER_ON] != 0;
        o.tyreCoreTempC = wheels(TYRE_TEMP_C);
        o.tyrePressurePsi = wheels(TYRE_PRESSURE_PSI);

        o.raw = raw;
        return o;
    }

    /** Converts a frame at hand as a message (it is serialized for the raw table). */
    public static Frame convert(TelemetryFrame f) {
        try {
            return new FrameConverter().convert(f.toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("protobuf's own serialization does not decode", e);
        }
    }

    /** "name surname", else the nick, else "". */
    static String driver(String name, String surname, String nick) {
        String full = (name.strip() + " " + surname.strip()).strip();
        return !full.isEmpty() ? full : nick.strip();
    }

    private String driver() {
        String name = strings[PLAYER_NAME];
        String surname = strings[PLAYER_SURNAME];
        String nick = strings[PLAYER_NICK];
        // the strings are the previous frame's own objects while they are unchanged
        if (lastDriver == null || name != lastName || surname != lastSurname || nick != lastNick) {
            lastName = name;
            lastSurname = surname;
            lastNick = nick;
            lastDriver = driver(name, surname, nick);
        }
        return lastDriver;
    }

    /**
     * A lap time in ms: the integer field when set, else the original contract's seconds (NaN stays
     * visible as -1).
     */
    private int ms(int msSlot, int secondsSlot) {
        if (values[msSlot] != 0) return (int) values[msSlot];
        float seconds = f(secondsSlot);
        if (Float.isNaN(seconds)) return -1;
        return (int)
                Math.max(
                        Integer.MIN_VALUE,
                        Math.min(Integer.MAX_VALUE, Math.round(seconds * 1000.0)));
    }

    private float f(int slot) {
        return Float.intBitsToFloat((int) values[slot]);
    }

    private float[] wheels(int[] slots) {
        return new float[] {f(slots[0]), f(slots[1]), f(slots[2]), f(slots[3])};
    }

    private static int[] wheels(String prefix) {
        int[] slots = new int[WHEELS.length];
        for (int i = 0; i < slots.length; i++) slots[i] = WIRE.index(prefix + WHEELS[i]);
        return slots;
    }

    @Override
    public void putInt(int slot, int v) {
        values[slot] = v;
    }

    @Override
    public void putLong(int slot, long v) {
        values[slot] = v;
    }

    @Override
    public void putBytes(int slot, byte[] bytes, int offset, int length)
            throws InvalidProtocolBufferException {
        byte[] last = lastBytes[slot];
        if (last == null || !Arrays.equals(last, 0, last.length, bytes, offset, offset + length)) {
            ByteString value =
                    ByteString.copyFrom(
                            bytes, offset, length); // rare: a string unlike the frame before's
            if (IS_STRING[slot]
                    && !value.isValidUtf8()) { // protobuf's own check, as its parser makes it
                throw new InvalidProtocolBufferException(
                        "invalid UTF-8 in string field " + WIRE.columns().get(slot).name());
            }
            lastBytes[slot] = value.toByteArray();
            lastStrings[slot] = value.toStringUtf8();
        }
        strings[slot] = lastStrings[slot];
    }

    @Override
    public void add(int slot, long v) {
        // lists (car damage) stay in the raw bytes, for the frames table
    }
}
