package dev.obsdemo.common.fault;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The work of {@link Fault#CPU_HEAVY} and {@link Fault#ALLOCATION_HEAVY}: real CPU time and real garbage on the
 * calling thread, measured by the JVM's {@link ThreadMXBean} (thread CPU time; bytes the thread allocated), so
 * what a trace says matches what process CPU and GC metrics show.
 */
final class HeavyWork {

    /**
     * Allocation unit: 64 KiB. Small enough to be an ordinary young-generation allocation (with G1 and a 192 MB
     * heap, regions are 1 MiB and an array of half a region or more would be "humongous", allocated in the old
     * generation), large enough that the JIT cannot replace it by scalars (escape analysis stops at 64 elements).
     */
    static final int CHUNK_BYTES = 64 * 1024;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Keeps the results alive as far as the JIT can tell, so it cannot drop the loops as dead code. */
    private static volatile long sink;

    private HeavyWork() {}

    /**
     * Burns CPU on the calling thread until its CPU time has grown by {@code ms} milliseconds (a sleeping or
     * preempted thread burns none, so on a busy machine this takes longer than {@code ms} of wall time).
     *
     * @return the thread CPU time spent, in nanoseconds (at least {@code ms} × 10⁶)
     */
    static long burnCpu(long ms) {
        long start = THREADS.getCurrentThreadCpuTime();
        long target = start + ms * 1_000_000L;
        long x = System.nanoTime() | 1;
        long now;
        do {
            // xorshift: cheap, never constant-folded, no allocation; about 10 µs a round between clock reads.
            for (int i = 0; i < 20_000; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            now = THREADS.getCurrentThreadCpuTime();
        } while (now < target);
        sink = x;
        return now - start;
    }

    /**
     * Allocates {@code mb} MiB in arrays of {@value #CHUNK_BYTES} bytes that are garbage at once (each is written
     * and read, then dropped).
     *
     * @return the bytes the calling thread allocated meanwhile, as the JVM counts them, or -1 where the JVM does
     *     not count them
     */
    static long allocate(long mb) {
        long before = allocatedBytes();
        long chunks = mb * 1024 * 1024 / CHUNK_BYTES;
        long sum = 0;
        for (long i = 0; i < chunks; i++) {
            byte[] chunk = new byte[CHUNK_BYTES];
            chunk[(int) (i % CHUNK_BYTES)] = (byte) i;
            sum += chunk[(int) ((i * 31) % CHUNK_BYTES)];
        }
        sink = sum;
        long after = allocatedBytes();
        return before < 0 || after < 0 ? -1 : after - before;
    }

    private static long allocatedBytes() {
        return THREADS instanceof com.sun.management.ThreadMXBean hotspot
                        && hotspot.isThreadAllocatedMemorySupported()
                        && hotspot.isThreadAllocatedMemoryEnabled()
                ? hotspot.getCurrentThreadAllocatedBytes()
                : -1;
    }
}
