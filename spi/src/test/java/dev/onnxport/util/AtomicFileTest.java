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
        assertEquals(List.of(otherTarget, f), listing(), "only the same target's temporary files are swept");
        assertFalse(Files.exists(stale));
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
}
