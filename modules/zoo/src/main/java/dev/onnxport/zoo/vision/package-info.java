/**
 * torchvision 0.14's classification models under their own names ({@code alexnet}, {@code vgg16_bn},
 * {@code densenet121}, ...), with torchvision's state-dict names and parameter counts, as {@code ModelFactory}
 * services ({@link dev.onnxport.zoo.vision.VisionFactories}), built from torchvision's reusable blocks
 * ({@link dev.onnxport.zoo.vision.Conv2dNormActivation}, {@link dev.onnxport.zoo.vision.SqueezeExcitation},
 * {@link dev.onnxport.zoo.vision.StochasticDepth}, {@link dev.onnxport.zoo.vision.LayerNorm2d},
 * {@link dev.onnxport.zoo.vision.Permute}). Without a checkpoint the weights follow the layers' PyTorch defaults,
 * not torchvision's re-initialization; load a torchvision state dict with {@code loadStateDict}.
 */
package dev.onnxport.zoo.vision;
