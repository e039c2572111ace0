"""Generates keras_reference.txt: outputs of Keras 2's apply_affine_transform (keras-preprocessing
1.1.x, scipy path) on a small non-square test image, for AffineTransformKerasTest.

The matrix code below is the Keras code (rotation . shift . shear . zoom about the centre, (row, col)
coordinates); the warp is scipy.ndimage.affine_transform(order=1) as Keras calls it. Keras documents
fill_mode 'wrap' as abcdabcd|abcd|abcdabcd, which is scipy's 'grid-wrap' (scipy's own 'wrap' since 1.6
has period n-1), so 'wrap' is generated with 'grid-wrap'.
Run: python3 keras_reference.py > keras_reference.txt
"""
import numpy as np
from scipy import ndimage

H, W = 7, 9
img = np.array([[((r * 31 + c * 17) % 23) / 22.0 for c in range(W)] for r in range(H)])


def transform_matrix_offset_center(matrix, x, y):
    o_x = float(x) / 2 - 0.5
    o_y = float(y) / 2 - 0.5
    offset_matrix = np.array([[1, 0, o_x], [0, 1, o_y], [0, 0, 1]])
    reset_matrix = np.array([[1, 0, -o_x], [0, 1, -o_y], [0, 0, 1]])
    return np.dot(np.dot(offset_matrix, matrix), reset_matrix)


def keras_matrix(theta=0, tx=0, ty=0, shear=0, zx=1, zy=1):
    m = None
    if theta != 0:
        t = np.deg2rad(theta)
        m = np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])
    if tx != 0 or ty != 0:
        s = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
        m = s if m is None else np.dot(m, s)
    if shear != 0:
        sh = np.deg2rad(shear)
        s = np.array([[1, -np.sin(sh), 0], [0, np.cos(sh), 0], [0, 0, 1]])
        m = s if m is None else np.dot(m, s)
    if zx != 1 or zy != 1:
        z = np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
        m = z if m is None else np.dot(m, z)
    return transform_matrix_offset_center(m, H, W)


CASES = [
    dict(theta=30),
    dict(theta=-17.5, zx=0.8, zy=1.15),
    dict(tx=1.5, ty=-2.25),
    dict(shear=20),
    dict(theta=12, tx=-0.7, ty=1.3, shear=-8, zx=1.2, zy=0.9),
    dict(zx=1.6, zy=1.4),
]
MODES = [("NEAREST", "nearest"), ("REFLECT", "reflect"), ("WRAP", "grid-wrap"), ("CONSTANT", "constant")]
CVAL = 0.25

print("# H W then the image; then per case: params, matrix (6), per mode: mode name and H*W values")
print(H, W)
print(" ".join(repr(float(v)) for v in img.ravel()))
for case in CASES:
    p = [case.get(k, d) for k, d in (("theta", 0), ("tx", 0), ("ty", 0), ("shear", 0), ("zx", 1), ("zy", 1))]
    m = keras_matrix(**case)
    print("case", " ".join(repr(float(v)) for v in p))
    print("matrix", " ".join(repr(float(v)) for v in m[:2, :].ravel()))
    for name, mode in MODES:
        out = ndimage.affine_transform(img, m[:2, :2], m[:2, 2], order=1, mode=mode, cval=CVAL)
        print(name, " ".join(repr(float(v)) for v in out.ravel()))
