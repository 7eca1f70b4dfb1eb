package dev.onnxport.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import dev.onnxport.testing.LayerCases;
import dev.onnxport.testing.LayerCases.Fixture;
import dev.onnxport.testing.LayerCases.LayerCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every layer case of {@link LayerCases} against PyTorch 1.13 (fixtures of tools/layer-fixtures/gen_layers.py): the
 * state-dict keys in torch's order with torch's shapes, then torch's weights loaded and the eager outputs compared
 * (rtol 1e-4, atol 1e-5). The "defaults" cases build both sides with the required arguments only, so they check
 * PyTorch's defaults; the largest of them (a default {@code Transformer}) compare keys and shapes only.
 */
class LayerFixtureTest {
    @TestFactory
    Stream<DynamicTest> everyLayerMatchesPyTorch() {
        return LayerCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(LayerCase c) {
        Fixture fx = LayerCases.load(c.name());
        Module m = c.build().get();
        Map<String, Tensor> mine = m.stateDict();
        assertEquals(fx.stateKeys(), List.copyOf(mine.keySet()), c + ": state-dict keys");
        for (String k : fx.stateKeys()) assertArrayEquals(fx.shapes().get(k), mine.get(k).shape(), c + ": shape of " + k);
        if (fx.shapesOnly()) return;
        m.loadStateDict(fx.state());
        m.eval();
        Tensor[] got = LayerCases.outputs(c.run(m, fx.inputs()));
        assertEquals(fx.outputs().length, got.length, c + ": number of outputs");
        for (int i = 0; i < got.length; i++) {
            assertArrayEquals(fx.outputs()[i].shape(), got[i].shape(), c + ": shape of output " + i);
            assertNull(Fixtures.compare(got[i], fx.outputs()[i], 1e-4, 1e-5), c + ": output " + i);
        }
    }

    /** The fixture folder holds exactly the cases (a new fixture needs its Java twin, and the reverse). */
    @Test
    void fixtureFolderAndCasesAgree() throws IOException {
        Path dir = Path.of("src/test/resources" + LayerCases.RESOURCES);
        TreeSet<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors"))
                    .map(n -> n.substring(0, n.length() - ".safetensors".length())).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, LayerCases.all().stream().map(LayerCase::name).collect(Collectors.toCollection(TreeSet::new)));
    }
}
