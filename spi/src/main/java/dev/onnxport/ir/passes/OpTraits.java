package dev.onnxport.ir.passes;

import dev.onnxport.ir.Node;
import dev.onnxport.ir.Value;
import dev.onnxport.ops.ArgType;
import dev.onnxport.ops.Schema;
import java.util.Set;

/** What passes must know about an op beyond its schema: whether repeating it may give other results, or it writes its inputs. */
final class OpTraits {
    private OpTraits() {}

    /** Random ops by base name (trailing {@code _} of in-place variants removed); {@code rand*} covers rand, randn, randint, randperm, *_like. */
    private static final Set<String> RANDOM = Set.of("bernoulli", "multinomial", "normal", "uniform", "poisson",
            "exponential", "geometric", "cauchy", "log_normal", "random", "rrelu", "rrelu_with_noise");

    /**
     * True when two runs with equal inputs may differ: random ops, ops taking a Generator, and dropout
     * variants unless their {@code train} argument is the constant false.
     */
    static boolean isNondeterministic(Node n) {
        if (n.op() == null) return false;
        Schema s = n.op().schema();
        for (Schema.Argument a : s.arguments()) if (a.type().base() == ArgType.Kind.GENERATOR) return true;
        String base = s.name().endsWith("_") ? s.name().substring(0, s.name().length() - 1) : s.name();
        if (base.startsWith("rand") || RANDOM.contains(base)) return true;
        if (base.contains("dropout")) {
            int train = s.indexOf("train");
            if (train < 0) return true;
            Value v = n.input(train);
            return !(v.producer() != null && v.producer().isConstant() && Boolean.FALSE.equals(v.producer().constantValue()));
        }
        return false;
    }

    /** True when the schema marks an argument as written ({@code Tensor(a!)}): in-place and out= variants. */
    static boolean isMutating(Node n) {
        if (n.op() == null) return false;
        String text = n.op().schema().text();
        int arrow = text.lastIndexOf("->");
        return text.substring(0, arrow < 0 ? text.length() : arrow).contains("!");
    }
}
