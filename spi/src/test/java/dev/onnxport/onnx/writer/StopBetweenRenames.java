package dev.onnxport.onnx.writer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Child-JVM main of {@link KilledBetweenRenamesTest}: writes a model with external data to {@code args[0]} and
 * stops between the two renames, when the new data file is in place and the model is not: {@code halt} ends the JVM
 * at once without running shutdown hooks, as SIGKILL would; {@code term} sends the JVM SIGTERM and waits for it.
 */
public final class StopBetweenRenames {
    private StopBetweenRenames() {}

    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        String how = args[1];
        OnnxWriter.BETWEEN_RENAMES = () -> {
            try (Stream<Path> s = Files.list(target.toAbsolutePath().getParent())) {
                s.map(p -> p.getFileName().toString()).sorted().forEach(n -> System.out.println("between " + n));
                System.out.flush();
                if (how.equals("halt")) Runtime.getRuntime().halt(137);
                new ProcessBuilder("kill", "-TERM", String.valueOf(ProcessHandle.current().pid())).inheritIO().start().waitFor();
                Thread.sleep(60_000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        WriterOptions o = WriterOptions.of(17).withExternalData(true);
        OnnxWriter.write(ModelAssembler.assemble(WriterFixtures.matMulAdd(Integer.parseInt(args[2])), o), o, target);
        System.out.println("written");
    }
}
