package dev.onnxport.zoo.vision;

/** torchvision's channel arithmetic. */
final class Channels {
    private Channels() {}

    /** torchvision's {@code _make_divisible(v, divisor)}: round to a multiple of divisor, never more than 10% below v. */
    static long makeDivisible(double v, long divisor) {
        long n = Math.max(divisor, (long) (v + divisor / 2.0) / divisor * divisor);
        return n < 0.9 * v ? n + divisor : n;
    }
}
