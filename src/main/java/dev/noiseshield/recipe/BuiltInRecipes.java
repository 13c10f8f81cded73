package dev.noiseshield.recipe;

import java.util.List;

/**
 * The recipes in the repository's {@code recipes/} folder, in the README's order: the PNI paper's
 * tables first (ResNet-20 variants of Tables 1 and 2, then Table 3's depths and widths), then the
 * ResNet-18 ones of Tables 4 and 5, then the other defenses' papers.
 */
final class BuiltInRecipes {
    static final List<String> NAMES =
            List.of(
                    "pni-w-resnet20-cifar10",
                    "pni-w-no-at-resnet20-cifar10",
                    "pni-w-attack-noise-off-resnet20-cifar10",
                    "pgd-at-resnet20-cifar10",
                    "none-resnet20-cifar10",
                    "pni-i-resnet20-cifar10",
                    "pni-a-resnet20-cifar10",
                    "pni-a-b-resnet20-cifar10",
                    "pni-wa-resnet20-cifar10",
                    "pni-wa-b-resnet20-cifar10",
                    "none-resnet32-cifar10",
                    "pgd-at-resnet32-cifar10",
                    "pni-w-resnet32-cifar10",
                    "none-resnet44-cifar10",
                    "pgd-at-resnet44-cifar10",
                    "pni-w-resnet44-cifar10",
                    "none-resnet56-cifar10",
                    "pgd-at-resnet56-cifar10",
                    "pni-w-resnet56-cifar10",
                    "none-resnet20-1.5x-cifar10",
                    "pgd-at-resnet20-1.5x-cifar10",
                    "pni-w-resnet20-1.5x-cifar10",
                    "none-resnet20-2x-cifar10",
                    "pgd-at-resnet20-2x-cifar10",
                    "pni-w-resnet20-2x-cifar10",
                    "none-resnet20-4x-cifar10",
                    "pgd-at-resnet20-4x-cifar10",
                    "pni-w-resnet20-4x-cifar10",
                    "none-resnet18-cifar10",
                    "pgd-at-resnet18-cifar10",
                    "pni-w-resnet18-cifar10",
                    "pni-a-resnet18-cifar10",
                    "pni-wa-resnet18-cifar10",
                    "cni-resnet20-cifar10",
                    "rse-vgg16-cifar10",
                    "none-vgg16-cifar10",
                    "wca-resnet18-cifar10",
                    "mfdv-resnet18-cifar10");

    private BuiltInRecipes() {}
}
