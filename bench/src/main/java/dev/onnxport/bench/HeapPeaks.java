package dev.onnxport.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap of a stretch of work, as the sum of the heap pools' peaks: {@link #reset} collects garbage and
 * starts the count, {@link #peak} reads it. A sum of pool peaks can overstate the true peak (pools peak at
 * different moments), never understate it.
 */
final class HeapPeaks {
    private HeapPeaks() {}

    /** Collects garbage, resets every heap pool's peak, and returns the heap in use afterwards. */
    static long reset() {
        System.gc();
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() != MemoryType.HEAP) continue;
            p.resetPeakUsage();
            used += p.getUsage().getUsed();
        }
        return used;
    }

    /** The sum of the heap pools' peaks since the last {@link #reset}. */
    static long peak() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        }
        return peak;
    }
}
