package dev.onnxport.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.testing.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names of temporaries (pid, id, at most 255 bytes), the registry, and the sweep of stale ones. */
class TemporariesTest {
    @TempDir Path dir;

    private List<Path> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    private static int bytes(String s) { return s.getBytes(StandardCharsets.UTF_8).length; }

    @Test
    void aNameRecordsThePidAndAnId() {
        Path target = Path.of("models", "m.onnx");
        String id = Temporaries.newId();
        String name = Temporaries.siblingName(target, "tmp", id);
        assertEquals(".m.onnx.onnxport-tmp-" + ProcessHandle.current().pid() + "-" + id, name);
        assertTrue(id.matches("[0-9a-f]{16}"), id);
        assertEquals(ProcessHandle.current().pid(), Temporaries.pidOf(Path.of(name)));
        assertEquals(id, Temporaries.idOf(Path.of(name)));
        assertEquals(-1, Temporaries.pidOf(Path.of(".m.onnx.onnxport-tmp-k3j5h2")), "versions before pids recorded none");
        assertNotEquals(id, Temporaries.newId());
    }

    /** Names of 230 to 255 bytes (and longer ones, which no file system takes) give temporary names within 255 bytes. */
    @Test
    void longNamesAreCutWithAHashAndStayDistinct() {
        for (String name : List.of("a".repeat(230) + ".onnx", "a".repeat(250) + ".onnx", "é".repeat(125) + ".onnx",
                "🚀".repeat(63) + ".onn", "a".repeat(1000))) {
            String temp = Temporaries.siblingName(Path.of(name), "tmp", Temporaries.newId());
            assertTrue(bytes(temp) <= Temporaries.MAX_NAME_BYTES, bytes(name) + " -> " + bytes(temp) + ": " + temp);
            assertTrue(temp.startsWith(Temporaries.siblingPrefix(Path.of(name), "tmp")));
            assertFalse(temp.contains("\uFFFD"), "no split characters: " + temp);
            assertEquals(temp, new String(temp.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
        // two names alike in their first 200 bytes keep prefixes of their own
        String a = "x".repeat(240) + "a.onnx", b = "x".repeat(240) + "b.onnx";
        assertNotEquals(Temporaries.siblingPrefix(Path.of(a), "tmp"), Temporaries.siblingPrefix(Path.of(b), "tmp"));
        assertEquals(".short.onnx.onnxport-tmp-", Temporaries.siblingPrefix(Path.of("short.onnx"), "tmp"), "short names stay whole");
    }

    /** Temporaries in the system's temporary folder of processes that are gone are swept; those of live ones stay. */
    @Test
    void theSweepRemovesWhatDeadProcessesLeft() throws IOException, InterruptedException {
        long dead = ChildJvm.deadPid();
        Path deadFolder = Files.createDirectories(dir.resolve("onnxport-zip-" + dead + "-0123456789abcdef"));
        Files.write(deadFolder.resolve("model.onnx"), new byte[100]);
        Path keepMe = Files.write(dir.resolve("keep-me"), new byte[1]);
        Path deadLink = Files.createSymbolicLink(dir.resolve("onnxport-ort-" + dead + "-0123456789abcdef"), keepMe);
        Path liveFolder = Files.createDirectories(dir.resolve("onnxport-zip-1-0123456789abcdef"));  // pid 1 lives
        Path notOurs = Files.createDirectories(dir.resolve("onnxport-zip" + dead));  // older versions: no pid, no id
        assertEquals(2, Temporaries.sweep(dir));
        assertEquals(List.of(keepMe, liveFolder, notOurs), listing(dir));
        assertEquals(1, Files.size(keepMe), "a link is removed, not what it points to");
        assertFalse(Files.exists(deadLink, LinkOption.NOFOLLOW_LINKS));
    }

    /** A folder made here is registered until deleted; deleting removes it with its content. */
    @Test
    void aTemporaryFolderIsRegisteredUntilDeleted() throws IOException {
        Path d = Temporaries.createTempFolder("test");
        try {
            assertTrue(d.getFileName().toString().matches("onnxport-test-" + ProcessHandle.current().pid() + "-[0-9a-f]{16}"), d.toString());
            assertEquals(Temporaries.systemTemp(), d.getParent());
            assertTrue(Temporaries.isRegistered(d));
            assertTrue(Temporaries.ownerAlive(d));
            Files.write(Files.createDirectories(d.resolve("a/b")).resolve("c"), new byte[3]);
            Temporaries.sweepSystemTemp();
            assertTrue(Files.exists(d.resolve("a/b/c")), "the sweep keeps this process's folder");
        } finally {
            Temporaries.delete(d);
        }
        assertFalse(Files.exists(d));
        assertFalse(Temporaries.isRegistered(d));
    }
}
