package dev.onnxport.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The services a built module provides, read two ways from the same jar or classes directory: the
 * {@code provides} clauses of its compiled {@code module-info} (what the module path sees) and its
 * {@code META-INF/services} files (what the class path sees). Every provider module's tests check the two
 * agree with {@link #inStep}.
 */
public final class ServiceDeclarations {
    private ServiceDeclarations() {}

    /**
     * The providers of the module {@code anyClass} was loaded from, after checking that its module-info and its
     * services files declare the same ones (else an AssertionError naming both lists).
     */
    public static Map<String, Set<String>> inStep(Class<?> anyClass) {
        Path root = rootOf(anyClass);
        Map<String, Set<String>> provides = ofModuleInfo(root);
        Map<String, Set<String>> services = ofServiceFiles(root);
        if (!provides.equals(services)) {
            throw new AssertionError(root + ": module-info provides " + provides + " but META-INF/services lists " + services);
        }
        return provides;
    }

    /** The jar or classes directory {@code c} was loaded from. */
    public static Path rootOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The compiled module descriptor of a jar or classes directory. */
    public static ModuleDescriptor descriptor(Path root) {
        Set<ModuleReference> refs = ModuleFinder.of(root).findAll();
        if (refs.size() != 1) throw new IllegalArgumentException(root + " holds no single module (found " + refs.size() + ")");
        return refs.iterator().next().descriptor();
    }

    /** Service name to provider class names, from the compiled module descriptor. */
    public static Map<String, Set<String>> ofModuleInfo(Path root) {
        ModuleDescriptor d = descriptor(root);
        Map<String, Set<String>> out = new TreeMap<>();
        for (ModuleDescriptor.Provides p : d.provides()) out.put(p.service(), new TreeSet<>(p.providers()));
        return out;
    }

    /** Service name to provider class names, from {@code META-INF/services} (comments and blank lines skipped). */
    public static Map<String, Set<String>> ofServiceFiles(Path root) {
        if (Files.isDirectory(root)) return readServices(root);
        try (FileSystem jar = FileSystems.newFileSystem(root)) {
            return readServices(jar.getPath("/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Set<String>> readServices(Path base) {
        Path dir = base.resolve("META-INF").resolve("services");
        Map<String, Set<String>> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                Set<String> providers = new TreeSet<>();
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    int hash = line.indexOf('#');
                    String p = (hash >= 0 ? line.substring(0, hash) : line).trim();
                    if (!p.isEmpty()) providers.add(p);
                }
                out.put(f.getFileName().toString(), providers);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
