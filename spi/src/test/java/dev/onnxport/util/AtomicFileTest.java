package dev.onnxport.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesAndReplaces() throws IOException {
        Path f = dir.resolve("out.bin");
        AtomicFile.write(f, ch -> ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        AtomicFile.write(f, ch -> ch.write(ByteBuffer.wrap(new byte[] {4})));
        assertArrayEquals(new byte[] {4}, Files.readAllBytes(f));
        assertEquals(List.of(f), listing());
    }

    /** The O_DIRECT channel writes aligned blocks into the temporary file and closes with it, committed or not. */
    @Test
    void theDirectChannelWritesTheFileAndClosesWithIt() throws IOException {
        Path f = dir.resolve("direct.bin");
        AtomicFile.Direct kept;
        try (AtomicFile a = AtomicFile.begin(f)) {
            AtomicFile.Direct d = a.openDirect();
            assumeTrue(d != null, "the temporary folder's file system refuses O_DIRECT");
            assertTrue(d.align() >= 512 && Integer.bitCount(d.align()) == 1, "alignment " + d.align());
            assertThrows(IllegalStateException.class, a::openDirect);
            ByteBuffer block = ByteBuffer.allocateDirect(2 * d.align()).alignedSlice(d.align());
            block.limit(d.align());
            for (int i = 0; i < d.align(); i++) block.put(i, (byte) i);
            d.channel().write(block, 0);
            a.channel().truncate(3);
            a.commit();
            kept = d;
        }
        assertFalse(kept.channel().isOpen(), "closed by commit");
        assertArrayEquals(new byte[] {0, 1, 2}, Files.readAllBytes(f));
        try (AtomicFile a = AtomicFile.begin(dir.resolve("dropped.bin"))) {
            kept = a.openDirect();
        }
        assertFalse(kept.channel().isOpen(), "closed by close");
        assertEquals(List.of(f), listing(), "the uncommitted file is gone");
    }

    @Test
    void replacingKeepsTheTargetsPermissions() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");
        Path f = Files.write(dir.resolve("private.bin"), new byte[] {1});
        for (String mode : List.of("rw-------", "rw-r-----", "rwxr-x---", "r--r--r--")) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            AtomicFile.write(f, ch -> ch.write(ByteBuffer.wrap(new byte[] {2, 3})));
            assertArrayEquals(new byte[] {2, 3}, Files.readAllBytes(f));
            assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "the mode is kept");
        }
        assertEquals(List.of(f), listing());
    }

    @Test
    void aTargetWithSeveralHardLinksIsRefusedUntouched() throws IOException {
        Path f = Files.write(dir.resolve("a.bin"), new byte[] {1});
        Path other = Files.createLink(dir.resolve("b.bin"), f);
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, ch -> ch.write(ByteBuffer.wrap(new byte[] {2}))));
        assertTrue(e.getMessage().contains("a.bin has 2 hard links"), e.getMessage());
        assertTrue(Files.isSameFile(f, other), "still one file");
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(other));
        assertEquals(List.of(f, other), listing());
    }

    @Test
    void aFifoTargetIsRefusedNotReplaced() throws IOException {
        Path f = dev.onnxport.testing.BadInput.fifo(dir.resolve("pipe"));
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, ch -> ch.write(ByteBuffer.wrap(new byte[] {2}))));
        assertTrue(e.getMessage().contains("is a FIFO, device or socket"), e.getMessage());
        assertFalse(Files.isRegularFile(f), "the FIFO stays");
        assertEquals(List.of(f), listing());
    }

    @Test
    void aFailureHalfwayLeavesTheOldFileAndNoTemporary() throws IOException {
        Path f = dir.resolve("out.bin");
        Files.write(f, new byte[] {9, 9});
        IOException boom = new IOException("disk full");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, ch -> {
            ch.write(ByteBuffer.wrap(new byte[1000]));
            throw boom;
        }));
        assertSame(boom, e);
        RuntimeException bug = new IllegalStateException("bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFile.write(f, ch -> { throw bug; })));
        assertArrayEquals(new byte[] {9, 9}, Files.readAllBytes(f));
        assertEquals(List.of(f), listing());
    }

    @Test
    void aFailureWithoutAnOldFileLeavesNothing() throws IOException {
        Path f = dir.resolve("new.bin");
        assertThrows(IOException.class, () -> AtomicFile.write(f, ch -> { throw new IOException("no"); }));
        assertFalse(Files.exists(f));
        assertEquals(List.of(), listing());
    }

    @Test
    void theFileGetsOrdinaryPermissionsNotOwnerOnly() throws IOException {
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "not a POSIX file system");
        Path plain = Files.createFile(dir.resolve("plain"));
        Path f = dir.resolve("atomic");
        AtomicFile.write(f, ch -> ch.write(ByteBuffer.wrap(new byte[] {1})));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
    }

    @Test
    void aTemporaryFileLeftByAKilledWriterIsRemovedByTheNextWriteToTheSameTarget() throws IOException {
        Path f = dir.resolve("out.bin");
        Path stale = Files.write(dir.resolve(".out.bin" + AtomicFile.TEMP_MARK + "killed"), new byte[] {1});
        Path otherTarget = Files.write(dir.resolve(".other.bin" + AtomicFile.TEMP_MARK + "killed"), new byte[] {1});
        AtomicFile.write(f, ch -> ch.write(ByteBuffer.wrap(new byte[] {2})));
        assertEquals(List.of(otherTarget, f), listing(), "a temporary without a pid is swept by writes to its own target only");
        assertFalse(Files.exists(stale));
    }

    /**
     * Temporaries that record their writer's pid are swept by any write into their folder once that process is gone,
     * whatever their target, and kept while it lives (pid 1 always does).
     */
    @Test
    void aTemporaryOfADeadProcessIsRemovedAndOneOfALiveProcessKept() throws IOException, InterruptedException {
        long dead = dev.onnxport.testing.ChildJvm.deadPid();
        Path ofDead = Files.write(dir.resolve(".other.bin.onnxport-tmp-" + dead + "-0123456789abcdef"), new byte[] {1});
        Path probeOfDead = Files.write(dir.resolve(".m.onnx.onnxport-probe-" + dead + "-0123456789abcdef"), new byte[] {1});
        Path ofLive = Files.write(dir.resolve(".out.bin.onnxport-tmp-1-0123456789abcdef"), new byte[] {1});
        Path notOurs = Files.write(dir.resolve(".x.onnxport-tmp-" + dead + "-notanid"), new byte[] {1});
        Path f = dir.resolve("out.bin");
        AtomicFile.write(f, ch -> ch.write(ByteBuffer.wrap(new byte[] {2})));
        assertFalse(Files.exists(ofDead));
        assertFalse(Files.exists(probeOfDead));
        assertEquals(List.of(ofLive, notOurs, f), listing());
    }

    @Test
    void aTemporaryFileOfAWriteInProgressIsKept() throws IOException {
        Path f = dir.resolve("out.bin");
        try (AtomicFile first = AtomicFile.begin(f)) {
            first.channel().write(ByteBuffer.wrap(new byte[] {1}));
            AtomicFile.write(f, ch -> ch.write(ByteBuffer.wrap(new byte[] {2})));
            assertTrue(Files.exists(first.temp()), "a live write in this JVM must survive another write's sweep");
            first.commit();
        }
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(f));
        assertEquals(List.of(f), listing());
    }

    @Test
    void aLockedTemporaryFileIsKept() throws IOException {
        Path held = Files.write(dir.resolve(".out.bin" + AtomicFile.TEMP_MARK + "held"), new byte[] {1});
        try (FileChannel ch = FileChannel.open(held, StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            assertEquals(0, AtomicFile.removeStale(dir.resolve("out.bin")));
            assertTrue(Files.exists(held));
        }
        assertEquals(1, AtomicFile.removeStale(dir.resolve("out.bin")));
        assertFalse(Files.exists(held));
    }

    /** Writes {@code chunks} chunks of 1 MiB (chunk i filled with byte i), calling syncBehind after each. */
    private static byte[] writeChunks(AtomicFile f, int chunks) throws IOException {
        byte[] all = new byte[chunks << 20];
        for (int i = 0; i < chunks; i++) {
            java.util.Arrays.fill(all, i << 20, (i + 1) << 20, (byte) i);
            ByteBuffer b = ByteBuffer.wrap(all, i << 20, 1 << 20);
            while (b.hasRemaining()) f.channel().write(b);
            f.syncBehind();
        }
        return all;
    }

    @Test
    void syncBehindForcesEarlyAndWritesTheSameBytes() throws IOException {
        int chunks = (int) (3 * AtomicFile.SYNC_BEHIND_BYTES >> 20) + 5;
        java.util.concurrent.atomic.AtomicInteger forces = new java.util.concurrent.atomic.AtomicInteger();
        AtomicFile.EarlyForce before = AtomicFile.EARLY_FORCE;
        AtomicFile.EARLY_FORCE = ch -> {
            forces.incrementAndGet();
            ch.force(false);
        };
        Path out = dir.resolve("big.bin");
        byte[] expected;
        try (AtomicFile f = AtomicFile.begin(out)) {
            expected = writeChunks(f, chunks);
            f.commit();
        } finally {
            AtomicFile.EARLY_FORCE = before;
        }
        assertArrayEquals(expected, Files.readAllBytes(out));
        assertTrue(forces.get() >= 1 && forces.get() <= 3, "early forces: " + forces.get());
        assertEquals(List.of(out), listing());
    }

    @Test
    void aFailedEarlyForceFailsTheCommitAndLeavesTheTargetUntouched() throws IOException {
        Path out = Files.write(dir.resolve("kept.bin"), new byte[] {7});
        AtomicFile.EarlyForce before = AtomicFile.EARLY_FORCE;
        AtomicFile.EARLY_FORCE = ch -> { throw new IOException("EIO (simulated)"); };
        try (AtomicFile f = AtomicFile.begin(out)) {
            writeChunks(f, (int) (AtomicFile.SYNC_BEHIND_BYTES >> 20) + 1);
            IOException e = assertThrows(IOException.class, () -> {
                writeChunks(f, 1);   // a later syncBehind or the commit reports the failure
                f.commit();
            });
            assertTrue(e.getMessage().contains("EIO (simulated)"), e.getMessage());
            assertFalse(f.committed());
        } finally {
            AtomicFile.EARLY_FORCE = before;
        }
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(out));
        assertEquals(List.of(out), listing(), "no temporary file left");
    }

    @Test
    void closingWithoutCommitWaitsForTheForceInFlight() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Throwable> forceSaw = new java.util.concurrent.atomic.AtomicReference<>();
        AtomicFile.EarlyForce before = AtomicFile.EARLY_FORCE;
        AtomicFile.EARLY_FORCE = ch -> {
            started.countDown();
            try {
                release.await();
                ch.force(false);   // the channel is still open: close waited for this force
            } catch (Throwable t) {
                forceSaw.set(t);
            }
        };
        Path out = dir.resolve("abandoned.bin");
        Thread closer;
        try {
            AtomicFile f = AtomicFile.begin(out);
            writeChunks(f, (int) (AtomicFile.SYNC_BEHIND_BYTES >> 20));
            assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS), "an early force started");
            closer = new Thread(() -> {
                try {
                    f.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            closer.start();
            closer.join(200);
            assertTrue(closer.isAlive(), "close waits for the force in flight");
            release.countDown();
            closer.join(10_000);
            assertFalse(closer.isAlive());
        } finally {
            release.countDown();
            AtomicFile.EARLY_FORCE = before;
        }
        assertEquals(null, forceSaw.get());
        assertEquals(List.of(), listing(), "the temporary file is removed");
    }
}
