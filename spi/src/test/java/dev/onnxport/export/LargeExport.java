package dev.onnxport.export;

import dev.onnxport.nn.Module;
import dev.onnxport.nn.Parameter;
import dev.onnxport.tensor.Tensor;
import java.nio.file.Path;

/**
 * Child-JVM main of {@link KilledExportTest}: exports a model of {@code args[1]} MB of distinct weights with
 * external data to {@code args[0]}, traced with shapes only so that the time goes into writing.
 */
public final class LargeExport {
    private LargeExport() {}

    /** y = w * x + b over a vector of n floats; weights differ per layer so that deduplication keeps them all. */
    static final class Layer extends Module {
        final Parameter weight;
        final Parameter bias;

        Layer(int n, int seed) {
            float[] w = new float[n], b = new float[n];
            for (int i = 0; i < n; i++) {
                w[i] = seed + i * 1e-3f;
                b[i] = -seed - i * 1e-3f;
            }
            weight = registerParameter("weight", Tensor.of(w));
            bias = registerParameter("bias", Tensor.of(b));
        }

        Tensor forward(Tensor x) { return scoped(() -> TestOps.MUL_ADD.call1(x, weight.get(), bias.get())); }
    }

    static final class Net extends Module {
        final Layer[] layers;

        Net(int count, int n) {
            layers = new Layer[count];
            for (int i = 0; i < count; i++) layers[i] = registerModule("l" + i, new Layer(n, i + 1));
        }

        @Override
        public Object invoke(Tensor... in) {
            Tensor x = in[0];
            for (Layer l : layers) x = l.forward(x);
            return x;
        }
    }

    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        int mb = Integer.parseInt(args[1]);
        int layers = 4;
        int n = (int) ((long) mb << 20) / 4 / 2 / layers;  // floats per tensor: two tensors per layer
        Net net = new Net(layers, n);
        System.out.println("model built");
        OnnxExport.export(net, new Tensor[] {Tensor.of(new float[n])}, target, ExportOptions.builder()
                .externalData(true).shapeOnlyTrace(true).build());
        System.out.println("exported");
    }
}
