package io.actelemetry.bridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM, taken at one moment: each Java thread's by name from {@link
 * ThreadMXBean} (nanoseconds; threads of one name summed), each OS thread's by its name from {@code
 * /proc/self/task/<tid>/stat} (the JVM's own threads: JIT compilers, GC, the VM thread), and the
 * whole process's from {@code /proc/self/stat} (utime + stime, in clock ticks of 10 ms).
 */
record CpuTimes(Map<String, Long> javaThreads, Map<String, Long> osThreads, long processNanos) {

    /** USER_HZ, 100 on every Linux this runs on. */
    private static final long TICK_NANOS = 10_000_000L;

    static CpuTimes now() throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> java = new TreeMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                long t = mx.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    java.merge(info.getThreadName(), t, Long::sum);
                }
            }
        }
        Map<String, Long> os = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    os.merge(commOf(stat), cpuNanos(stat), Long::sum);
                } catch (IOException threadEnded) {
                    // gone between the listing and the read
                }
            }
        }
        return new CpuTimes(java, os, cpuNanos(Files.readString(Path.of("/proc/self/stat"))));
    }

    /** Per name, the CPU time used between {@code earlier} and this snapshot. */
    Map<String, Long> javaSince(CpuTimes earlier) {
        return since(javaThreads, earlier.javaThreads);
    }

    /**
     * The same for the OS threads that are not Java threads (names cut to 15 characters by Linux).
     */
    Map<String, Long> jvmInternalSince(CpuTimes earlier) {
        Map<String, Long> internal = since(osThreads, earlier.osThreads);
        for (String name : javaThreads.keySet()) {
            internal.remove(name.length() > 15 ? name.substring(0, 15) : name);
        }
        return internal;
    }

    private static Map<String, Long> since(Map<String, Long> now, Map<String, Long> before) {
        Map<String, Long> used = new TreeMap<>();
        now.forEach((name, t) -> used.put(name, t - before.getOrDefault(name, 0L)));
        return used;
    }

    /**
     * "pid (comm) state ..." : comm may hold spaces and parentheses, so it ends at the last ')'.
     */
    private static String commOf(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /**
     * utime + stime, fields 14 and 15 of stat (counting from 1), fields 12 and 13 after the comm.
     */
    private static long cpuNanos(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS;
    }
}
