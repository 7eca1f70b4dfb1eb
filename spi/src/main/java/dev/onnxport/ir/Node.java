package dev.onnxport.ir;

import dev.onnxport.ops.OpDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One operation: a kind ({@code aten::add}, {@code prim::Constant}, {@code prim::ListConstruct}),
 * the op definition when it is a registered operator (schema, kernel), inputs, outputs, attributes
 * (sorted by name), nested blocks, and where it came from (module scope and Java source line).
 */
public final class Node {
    public static final String CONSTANT = "prim::Constant";
    public static final String LIST_CONSTRUCT = "prim::ListConstruct";

    private final String kind;
    private final OpDef op;
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();
    private final Map<String, Object> attributes = new TreeMap<>();
    private final List<Block> blocks = new ArrayList<>();
    private Scope scope = Scope.ROOT;
    private SourceLocation source;
    Block owner;

    Node(String kind, OpDef op) {
        this.kind = kind;
        this.op = op;
    }

    /** {@code aten::add}, {@code prim::Constant}: the op name without overload. */
    public String kind() { return kind; }
    /** The registered operator, or null for prim nodes. */
    public OpDef op() { return op; }
    /** {@code Tensor} for {@code aten::add.Tensor}; empty for prim nodes and default overloads. */
    public String overload() { return op == null ? "" : op.schema().overload(); }
    public List<Value> inputs() { return Collections.unmodifiableList(inputs); }
    public Value input(int i) { return inputs.get(i); }
    public List<Value> outputs() { return Collections.unmodifiableList(outputs); }
    public Value output() {
        if (outputs.size() != 1) throw new IllegalStateException(kind + " has " + outputs.size() + " outputs");
        return outputs.get(0);
    }
    public Map<String, Object> attributes() { return Collections.unmodifiableMap(attributes); }
    public Object attr(String name) { return attributes.get(name); }
    public Node setAttr(String name, Object value) { attributes.put(name, value); return this; }
    public List<Block> blocks() { return Collections.unmodifiableList(blocks); }
    public Block addBlock() { Block b = new Block(this); blocks.add(b); return b; }
    /** Removes every block of this node (a lowering that moved their contents into graph attributes). */
    public void clearBlocks() { blocks.clear(); }
    public Scope scope() { return scope; }
    public Node setScope(Scope s) { this.scope = s; return this; }
    public SourceLocation source() { return source; }
    public Node setSource(SourceLocation s) { this.source = s; return this; }
    /** The block holding this node. */
    public Block owner() { return owner; }

    public Node addInput(Value v) { inputs.add(v); return this; }
    public void replaceInput(int i, Value v) { inputs.set(i, v); }
    public void replaceInputs(Value from, Value to) { inputs.replaceAll(v -> v == from ? to : v); }

    public Value addOutput(Type type) {
        Value v = new Value(this, outputs.size(), type);
        outputs.add(v);
        return v;
    }

    public boolean isConstant() { return kind.equals(CONSTANT); }

    /** The constant's value (Long, Double, Boolean, String, long[], double[], Tensor, DType or null for None). */
    public Object constantValue() {
        if (!isConstant()) throw new IllegalStateException(kind + " is not a constant");
        return attributes.get("value");
    }

    /** {@code aten::add.Tensor in block.0.fc at Model.java:12}: for error messages. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind);
        if (!overload().isEmpty()) sb.append('.').append(overload());
        if (!scope.name().isEmpty()) sb.append(" in ").append(scope.name());
        if (source != null) sb.append(" at ").append(source);
        return sb.toString();
    }
}
