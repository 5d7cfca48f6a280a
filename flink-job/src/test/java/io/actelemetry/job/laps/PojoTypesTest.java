package io.actelemetry.job.laps;

import static org.assertj.core.api.Assertions.assertThat;

import io.actelemetry.job.corners.CornerRow;
import io.actelemetry.job.source.recording.order.FrameChunk;
import io.actelemetry.job.traces.LapTrace;
import io.actelemetry.job.traces.LayoutState;
import io.actelemetry.job.traces.TraceRow;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeType;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rows and state go through Flink's PojoSerializer (the frames inside with FrameSerializer): a Kryo
 * fallback anywhere would be a defect.
 */
class PojoTypesTest {

    @ParameterizedTest
    @ValueSource(
            classes = {
                LapRow.class,
                SegmentRow.class,
                LapFieldsVerdict.class,
                HeldRows.class,
                LapFieldEvidence.class,
                TrackerState.class,
                OrderingBuffer.class,
                FrameChunk.class,
                LapTrace.class,
                LayoutState.class,
                TraceRow.class,
                CornerRow.class
            })
    void isAPojoAllTheWayDown(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        assertNoGenericType(info, type.getSimpleName());
    }

    private static void assertNoGenericType(TypeInformation<?> info, String path) {
        assertThat(info).as(path).isNotInstanceOf(GenericTypeInfo.class);
        if (info instanceof ObjectArrayTypeInfo<?, ?> array) {
            assertNoGenericType(array.getComponentInfo(), path + "[]");
        } else if (info instanceof CompositeType<?> composite) {
            for (int i = 0; i < composite.getArity(); i++) {
                assertNoGenericType(
                        composite.getTypeAt(i), path + "." + composite.getFieldNames()[i]);
            }
        }
    }
}
