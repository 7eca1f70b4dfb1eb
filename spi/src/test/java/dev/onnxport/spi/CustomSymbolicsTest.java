package dev.onnxport.spi;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.onnxport.ir.Value;
import org.junit.jupiter.api.Test;

/** The registry's snapshot is what one export lowers with: later registrations do not reach it. */
class CustomSymbolicsTest {
    private static final SymbolicFunction A = c -> new Value[] {c.input(0)};
    private static final SymbolicFunction B = c -> new Value[] {c.input(0)};

    @Test
    void snapshotIsUnaffectedByLaterChanges() {
        CustomSymbolics live = new CustomSymbolics();
        live.register("my::op", 9, A);
        CustomSymbolics snap = live.snapshot();
        live.register("my::op", 9, B);
        live.register("my::op", 15, B);
        live.register("my::other", 9, B);
        live.unregister("my::op", 9);
        assertSame(A, snap.get("my::op", 17));
        assertNull(snap.get("my::other", 17));
        assertNull(snap.get("my::op", 8));
        assertSame(B, live.get("my::op", 17));
        assertNull(live.get("my::op", 14));
    }
}
