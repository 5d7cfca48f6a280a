package io.actelemetry.job.source.grpc.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.actelemetry.job.source.grpc.enumerator.IngestEnumeratorState;
import io.actelemetry.job.source.grpc.enumerator.IngestEnumeratorStateSerializer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestSplitSerializerTest {

    private static final IngestSplit SPLIT =
            new IngestSplit(
                    3,
                    50054,
                    Map.of(
                            new SessionCar("5f0c-session", ""),
                                    new IngestSplit.Committed(120_345, 1_767_225_600_000L),
                            new SessionCar("5f0c-session", "rig2"),
                                    new IngestSplit.Committed(7, 1_767_225_601_000L),
                            // ids come from clients: any length, any characters
                            new SessionCar("ü-" + "x".repeat(70_000), "é"),
                                    new IngestSplit.Committed(Long.MAX_VALUE, 0)));

    @Test
    void splitsRoundTrip() throws IOException {
        IngestSplitSerializer serializer = IngestSplitSerializer.INSTANCE;
        IngestSplit back =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(SPLIT));
        assertThat(back).isEqualTo(SPLIT);
        assertThat(back.splitId()).isEqualTo("ingest-3");
        IngestSplit empty = IngestSplit.fresh(0, 0);
        assertThat(serializer.deserialize(1, serializer.serialize(empty))).isEqualTo(empty);
    }

    @Test
    void enumeratorStateRoundTrips() throws IOException {
        IngestEnumeratorStateSerializer serializer = new IngestEnumeratorStateSerializer();
        IngestEnumeratorState state =
                new IngestEnumeratorState(Set.of(0, 1, 3), List.of(SPLIT, IngestSplit.fresh(1, 0)));
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(state)))
                .isEqualTo(state);
        IngestEnumeratorState empty = IngestEnumeratorState.empty();
        assertThat(serializer.deserialize(1, serializer.serialize(empty))).isEqualTo(empty);
    }

    @Test
    void unknownVersionsAreRefused() {
        assertThatThrownBy(() -> IngestSplitSerializer.INSTANCE.deserialize(2, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 2");
    }
}
