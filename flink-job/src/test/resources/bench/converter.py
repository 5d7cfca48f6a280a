"""The original project's Parquet export, short of writing the file: a recording into a DataFrame.

Re-implemented for ConverterBenchmark from the contract (seed-contract.md, "The original Parquet
export"): gunzip the whole .pb.gz with the gzip module, split the varint-delimited records, parse
each with protobuf's ParseFromString, collect the export's 14 columns and build a pandas DataFrame
sorted by t_ns. Prints its row count.

Usage: python3 converter.py DESCRIPTOR_SET RECORDING

DESCRIPTOR_SET is a serialized FileDescriptorSet of telemetry.proto (dependencies first), which
the harness writes from the Java classes, so that neither protoc nor generated Python is needed.
"""

import gzip
import sys

import pandas as pd
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def frame_class(descriptor_set_path):
    with open(descriptor_set_path, "rb") as f:
        files = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for file in files.file:
        pool.AddSerializedFile(file.SerializeToString())
    descriptor = pool.FindMessageTypeByName("telemetry.v1.TelemetryFrame")
    # GetMessageClass is protobuf 4.22+; Debian 12's python3-protobuf (3.21) has only the factory
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)


def records(data):
    """The records of an uncompressed recording: each a base-128 varint length, then the bytes.

    A partial last record (a killed bridge's recording) is left out.
    """
    pos, end = 0, len(data)
    while pos < end:
        size = shift = 0
        while True:
            byte = data[pos]
            pos += 1
            size |= (byte & 0x7F) << shift
            if byte < 0x80:
                break
            shift += 7
        if pos + size > end:
            return
        yield data[pos : pos + size]
        pos += size


def table(frame_type, path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    columns = {
        name: []
        for name in (
            "t_ns", "game", "session", "speed_kmh", "gas", "brake", "gear",
            "steer", "rpm", "ax_g", "ay_g", "az_g", "lap", "pos",
        )
    }
    frame = frame_type()
    for record in records(data):
        frame.ParseFromString(record)
        physics, graphics, acc = frame.physics, frame.graphics, frame.physics.acc_g
        columns["t_ns"].append(frame.monotonic_ns)
        columns["game"].append(frame.game)
        columns["session"].append(frame.session_id)
        columns["speed_kmh"].append(physics.speed_kmh)
        columns["gas"].append(physics.gas)
        columns["brake"].append(physics.brake)
        columns["gear"].append(physics.gear)
        columns["steer"].append(physics.steer)
        columns["rpm"].append(physics.engine_rpm)
        columns["ax_g"].append(acc.x)
        columns["ay_g"].append(acc.y)
        columns["az_g"].append(acc.z)
        columns["lap"].append(graphics.completed_laps)
        columns["pos"].append(graphics.position)
    return pd.DataFrame(columns).sort_values("t_ns", kind="stable", ignore_index=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: converter.py DESCRIPTOR_SET RECORDING")
    print(f"rows {len(table(frame_class(sys.argv[1]), sys.argv[2]))}")
