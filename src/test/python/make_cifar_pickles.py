"""Writes small CIFAR "python version" batches, as the tests of the Java reader need them.

    make_cifar_pickles.py OUT_DIR

OUT_DIR/cifar-10-batches-py/{data_batch_1..5,test_batch}: 7 images each, written as Python 2's
cPickle wrote the published files (protocol 2, keys and the array's bytes as str, i.e. BINSTRING
opcodes), by a pure-Python pickler told to write bytes that way.
OUT_DIR/cifar-100-python/{train,test}: 9 and 4 images, as Python 3 writes them (protocol 2: bytes
as _codecs.encode calls), OUT_DIR/protocol4/test_batch with protocol 4 (BINBYTES), and
OUT_DIR/wrong-shape/test_batch, whose data has shape (3, 4096).
Pixels and labels are drawn from a fixed seed; OUT_DIR/expected.json holds them for the test.
"""
import io
import json
import os
import pickle
import sys

import numpy as np


class Python2Pickler(pickle._Pickler):
    """Writes bytes as Python 2 wrote str: SHORT_BINSTRING or BINSTRING."""

    dispatch = dict(pickle._Pickler.dispatch)

    def save_py2_str(self, obj):
        n = len(obj)
        if n < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([n]) + obj)
        else:
            self.write(pickle.BINSTRING + n.to_bytes(4, "little") + obj)
        self.memoize(obj)

    dispatch[bytes] = save_py2_str


def batch(rng, count, label_keys, classes):
    data = rng.integers(0, 256, size=(count, 3072), dtype=np.uint8)
    labels = [int(v) for v in rng.integers(0, classes, size=count)]
    d = {b"batch_label": b"testing batch", b"data": data, b"filenames": [b"x.png"] * count}
    for key in label_keys:
        d[key] = labels
    return d, data, labels


def write(path, obj, how):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if how == "py2":
        buf = io.BytesIO()
        Python2Pickler(buf, protocol=2).dump(obj)
        data = buf.getvalue()
    else:
        data = pickle.dumps(obj, protocol=how)
    with open(path, "wb") as f:
        f.write(data)


def main(out):
    rng = np.random.default_rng(5)
    expected = {}
    for name in ["data_batch_%d" % i for i in range(1, 6)] + ["test_batch"]:
        d, data, labels = batch(rng, 7, [b"labels"], 10)
        write(os.path.join(out, "cifar-10-batches-py", name), d, "py2")
        expected["cifar10/" + name] = {"pixels": data.reshape(-1).tolist(), "labels": labels}
    for name, count in [("train", 9), ("test", 4)]:
        d, data, labels = batch(rng, count, [b"fine_labels"], 100)
        d[b"coarse_labels"] = [v // 5 for v in labels]
        write(os.path.join(out, "cifar-100-python", name), d, 2)
        expected["cifar100/" + name] = {"pixels": data.reshape(-1).tolist(), "labels": labels}
    d, data, labels = batch(rng, 3, [b"labels"], 10)
    write(os.path.join(out, "protocol4", "test_batch"), d, 4)
    expected["protocol4/test_batch"] = {"pixels": data.reshape(-1).tolist(), "labels": labels}
    # 32 x 32 images of 4 channels: 3 of them make 4 CIFAR images' worth of bytes
    wide = {b"data": rng.integers(0, 256, size=(3, 4096), dtype=np.uint8), b"labels": [1, 2, 3]}
    write(os.path.join(out, "wrong-shape", "test_batch"), wide, 2)
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f)
    # the reader must see what numpy sees: check the files load back as written
    with open(os.path.join(out, "cifar-10-batches-py", "test_batch"), "rb") as f:
        back = pickle.load(f, encoding="bytes")
    assert back[b"data"].tolist() == np.array(expected["cifar10/test_batch"]["pixels"]).reshape(7, 3072).tolist()


if __name__ == "__main__":
    main(sys.argv[1])
