package dev.onnxport.safetensors;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.SeedOutcomes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every seed of {@link SafetensorsFuzzTest}'s corpus has its recorded outcome ({@code SafetensorsFuzzTestInputs.tsv}):
 * the valid files open with every element readable, each malformed one fails with a {@link SafetensorsException}.
 */
class SafetensorsSeedsTest {
    @TempDir Path dir;

    @Test
    void everySeedHasItsRecordedOutcome() {
        SeedOutcomes.check(SafetensorsFuzzTest.class, "readAnyFile", this::outcome);
    }

    private String outcome(byte[] data) {
        Path f = dir.resolve("seed.safetensors");
        try {
            Files.write(f, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (SafetensorsFile st = Safetensors.open(f)) {
            for (String name : st.names()) {
                Tensor t = st.get(name);
                for (long i = 0; i < t.numel(); i++) {
                    if (t.dtype() == DType.BOOL || t.dtype().isFloatingPoint()) t.getDoubleFlat(i);
                    else t.getLongFlat(i);
                }
            }
            return SeedOutcomes.ACCEPTED;
        } catch (SafetensorsException e) {
            return e.getClass().getSimpleName();
        }
    }
}
