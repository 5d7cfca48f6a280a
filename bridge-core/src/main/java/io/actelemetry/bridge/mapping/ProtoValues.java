package io.actelemetry.bridge.mapping;

import com.google.protobuf.ByteString;
import io.actelemetry.bridge.pages.Vec3;
import io.actelemetry.bridge.pages.Wheels;
import io.actelemetry.proto.v1.Vec3f;
import io.actelemetry.proto.v1.Wheel4f;

/** Page value types to their wire messages. */
final class ProtoValues {

    static Vec3f vec3(Vec3 v) {
        return Vec3f.newBuilder().setX(v.x()).setY(v.y()).setZ(v.z()).build();
    }

    static Wheel4f wheels(Wheels w) {
        return Wheel4f.newBuilder().setFl(w.fl()).setFr(w.fr()).setRl(w.rl()).setRr(w.rr()).build();
    }

    /** A text as the UTF-8 bytes a message serializes without encoding it again. */
    static ByteString utf8(String text) {
        return ByteString.copyFromUtf8(text);
    }

    private ProtoValues() {}
}
