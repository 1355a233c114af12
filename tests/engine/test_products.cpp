// The products the model is built from (engine/src/model/*_product): the same numbers as
// torch::bmm, on views, across threads, through autograd (first and second derivatives), with
// a weight's gradient deferred to the first step of a recurrence, and in bfloat16.
#include "himnet/runtime.h"
#include "model/batched_product.h"
#include "model/deferred_weight_gradient.h"
#include "model/mixed_pool_product.h"
#include "model/product_precision.h"
#include "model/row_product.h"
#include "test_tensors.h"

#include <QtTest>

#include <functional>

using namespace himnet;

namespace {

// Two threads until the returned guard goes, so that the batched products' threaded path runs
// whatever the machine's cores.
auto onTwoThreads()
{
    const int threads = torch::get_num_threads();
    configureThreads(2);
    return qScopeGuard([threads] { configureThreads(threads); });
}

} // namespace

class TestProducts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(20240525); }

    void rowProductMatchesBmm_data()
    {
        QTest::addColumn<int>("matrices");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("inner");
        QTest::addColumn<int>("cols");
        QTest::addColumn<bool>("doublePrecision");
        QTest::addColumn<bool>("streams");
        QTest::newRow("one row, float") << 7 << 1 << 134 << 128 << false << true;
        QTest::newRow("one row, double") << 5 << 1 << 9 << 3 << true << true;
        QTest::newRow("two rows") << 4 << 2 << 17 << 8 << true << true;
        QTest::newRow("two rows, odd sizes, float") << 3 << 2 << 33 << 37 << false << true;
        QTest::newRow("three rows: bmm") << 3 << 3 << 6 << 2 << true << false;
    }

    void rowProductMatchesBmm()
    {
        QFETCH(int, matrices);
        QFETCH(int, rows);
        QFETCH(int, inner);
        QFETCH(int, cols);
        QFETCH(bool, doublePrecision);
        QFETCH(bool, streams);
        const auto options = torch::TensorOptions().dtype(doublePrecision ? torch::kFloat64 : torch::kFloat32);
        // A transposed view, as the spatial convolution passes it.
        const torch::Tensor a = torch::randn({rows, matrices, inner}, options).transpose(0, 1);
        const torch::Tensor w = torch::randn({matrices, inner, cols}, options);
        torch::NoGradGuard noGrad;
        QCOMPARE(rowProductStreams(a, w), streams);
        const double tolerance = doublePrecision ? 1e-12 : 1e-4;
        QVERIFY(testing::maxAbsDiff(rowProduct(a, w), torch::bmm(a, w)) <= tolerance);
    }

    void rowProductKeepsGradientsWorking()
    {
        const torch::Tensor a = torch::randn({3, 1, 4}, torch::kFloat64).requires_grad_(true);
        const torch::Tensor w = torch::randn({3, 4, 2}, torch::kFloat64);
        QVERIFY(!rowProductStreams(a, w)); // a gradient is wanted: bmm, which has a backward
        rowProduct(a, w).sum().backward();
        QVERIFY(testing::maxAbsDiff(a.grad(), w.sum(-1).unsqueeze(1)) <= 1e-12);
    }

    // batchedProduct spreads the products over the threads (the tests run two): the same
    // numbers as bmm, for views too, and inside autograd functions, whose operands may need
    // a gradient while this thread records none (the worker threads do not know that).
    void batchedProductMatchesBmm_data()
    {
        QTest::addColumn<int>("matrices");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("inner");
        QTest::addColumn<int>("cols");
        QTest::addColumn<bool>("doublePrecision");
        QTest::addColumn<bool>("transposedOperand");
        QTest::addColumn<bool>("operandNeedsGradient");
        QTest::newRow("per node, float") << 9 << 16 << 13 << 8 << false << false << false;
        QTest::newRow("one matrix, double") << 1 << 3 << 4 << 5 << true << false << false;
        QTest::newRow("transposed operand, as the deferred gradient's") << 5 << 12 << 7 << 6 << true << true << false;
        QTest::newRow("operand needing a gradient, none recorded") << 6 << 4 << 5 << 3 << false << false << true;
    }

    void batchedProductMatchesBmm()
    {
        QFETCH(int, matrices);
        QFETCH(int, rows);
        QFETCH(int, inner);
        QFETCH(int, cols);
        QFETCH(bool, doublePrecision);
        QFETCH(bool, transposedOperand);
        QFETCH(bool, operandNeedsGradient);
        const auto restoreThreads = onTwoThreads();
        const auto options = torch::TensorOptions().dtype(doublePrecision ? torch::kFloat64 : torch::kFloat32);
        const torch::Tensor a = transposedOperand ? torch::randn({matrices, inner, rows}, options).transpose(1, 2)
                                                  : torch::randn({matrices, rows, inner}, options);
        const torch::Tensor w = torch::randn({matrices, inner, cols}, options).requires_grad_(operandNeedsGradient);
        torch::NoGradGuard noGrad;
        const torch::Tensor product = batchedProduct(a, w);
        QCOMPARE(product.sizes().vec(), (std::vector<int64_t>{matrices, rows, cols}));
        QVERIFY(testing::maxAbsDiff(product, torch::bmm(a, w)) <= (doublePrecision ? 1e-12 : 1e-4));
    }

    void batchedProductGradientsMatchBmm_data()
    {
        QTest::addColumn<bool>("firstNeedsGradient");
        QTest::addColumn<bool>("secondNeedsGradient");
        QTest::newRow("both") << true << true;
        QTest::newRow("first only") << true << false;
        QTest::newRow("second only") << false << true;
    }

    void batchedProductGradientsMatchBmm()
    {
        QFETCH(bool, firstNeedsGradient);
        QFETCH(bool, secondNeedsGradient);
        const auto restoreThreads = onTwoThreads();
        const torch::Tensor a = torch::randn({5, 3, 4}, torch::kFloat64).requires_grad_(firstNeedsGradient);
        const torch::Tensor b = torch::randn({5, 4, 6}, torch::kFloat64).requires_grad_(secondNeedsGradient);
        const torch::Tensor upstream = torch::randn({5, 3, 6}, torch::kFloat64);
        const auto ours = torch::autograd::grad({batchedProduct(a, b)}, {firstNeedsGradient ? a : b}, {upstream});
        const auto theirs = torch::autograd::grad({torch::bmm(a, b)}, {firstNeedsGradient ? a : b}, {upstream});
        QVERIFY(testing::maxAbsDiff(ours[0], theirs[0]) <= 1e-12);
        if (firstNeedsGradient && secondNeedsGradient) {
            batchedProduct(a, b).backward(upstream);
            QVERIFY(testing::maxAbsDiff(b.grad(), torch::bmm(a.transpose(1, 2), upstream)) <= 1e-12);
        }
        QVERIFY_THROWS_EXCEPTION(c10::Error, batchedProduct(torch::randn({2, 3, 4}), torch::randn({2, 5, 6})));
    }

    void batchedProductSecondDerivativesMatchBmm()
    {
        const torch::Tensor a = torch::randn({4, 3, 5}, torch::kFloat64).requires_grad_(true);
        const torch::Tensor b = torch::randn({4, 5, 2}, torch::kFloat64).requires_grad_(true);
        auto secondDerivative = [&](const std::function<torch::Tensor(const torch::Tensor&, const torch::Tensor&)>& product) {
            const torch::Tensor gradA = torch::autograd::grad({product(a, b).pow(2).sum()}, {a}, {}, true, true)[0];
            return torch::autograd::grad({gradA.sum()}, {b})[0];
        };
        const torch::Tensor ours = secondDerivative([](const auto& x, const auto& y) { return batchedProduct(x, y); });
        const torch::Tensor theirs = secondDerivative([](const auto& x, const auto& y) { return torch::bmm(x, y); });
        QVERIFY(testing::maxAbsDiff(ours, theirs) <= 1e-12);
    }

    // A weight shared by the steps of a recurrence gets its gradient once, at the first step
    // (DeferredWeightGradient). Each row runs the same chain twice, deferred and plain, and
    // compares every gradient; the loss may cover only the first steps, or be taken twice.
    void deferredWeightGradientMatchesPerStep_data()
    {
        QTest::addColumn<bool>("mixedPool");
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("stepsInLoss");
        QTest::addColumn<int>("backwardPasses");
        QTest::newRow("per-node weights, 12 steps") << false << 12 << 12 << 1;
        QTest::newRow("per-node weights, loss on the first 3") << false << 12 << 3 << 1;
        QTest::newRow("per-node weights, one step") << false << 1 << 1 << 1;
        QTest::newRow("per-node weights, two backward passes") << false << 5 << 5 << 2;
        QTest::newRow("mixed pool, 12 steps") << true << 12 << 12 << 1;
        QTest::newRow("mixed pool, loss on the first 2") << true << 12 << 2 << 1;
        QTest::newRow("mixed pool, two backward passes") << true << 4 << 4 << 2;
    }

    void deferredWeightGradientMatchesPerStep()
    {
        QFETCH(bool, mixedPool);
        QFETCH(int, steps);
        QFETCH(int, stepsInLoss);
        QFETCH(int, backwardPasses);
        const auto options = torch::TensorOptions().dtype(torch::kFloat64);
        const int64_t matrices = 5, rows = 3, width = 4, pool = 3;
        const torch::Tensor start = torch::randn({matrices, rows, width}, options);
        // Per-node weights (I, K, O), or a pool (D*K, O) mixed per row by an embedding (M, D).
        const torch::Tensor weightsLeaf = mixedPool ? torch::randn({pool * width, width}, options) * 0.5
                                                    : torch::randn({matrices, width, width}, options) * 0.5;
        const torch::Tensor embeddingLeaf = torch::randn({matrices * rows, pool}, options);

        auto run = [&](bool defer) -> std::vector<torch::Tensor> {
            const torch::Tensor weights = weightsLeaf.clone().requires_grad_(true);
            const torch::Tensor embedding = embeddingLeaf.clone().requires_grad_(true);
            const torch::Tensor s0 = start.clone().requires_grad_(true);
            const auto deferred = defer ? deferWeightGradient(weights) : c10::intrusive_ptr<DeferredWeightGradient>();
            if (bool(deferred) != defer) return {};
            torch::Tensor state = s0, loss = torch::zeros({}, options);
            for (int q = 0; q < steps; ++q) {
                const torch::Tensor product =
                    mixedPool ? mixedPoolProduct(embedding, state.reshape({matrices * rows, width}), weights, deferred)
                                    .view({matrices, rows, width})
                              : (defer ? sharedWeightProduct(state, weights, deferred) : torch::bmm(state, weights));
                state = torch::tanh(product + state);
                if (q < stepsInLoss) loss = loss + (state * state).sum() * (q + 1);
            }
            for (int pass = 0; pass < backwardPasses; ++pass) loss.backward({}, /*retain_graph=*/pass + 1 < backwardPasses);
            std::vector<torch::Tensor> grads{weights.grad(), s0.grad()};
            if (mixedPool) grads.push_back(embedding.grad());
            return grads;
        };
        const auto deferred = run(true);
        const auto plain = run(false);
        QCOMPARE(deferred.size(), plain.size());
        QVERIFY(!plain.empty());
        for (size_t i = 0; i < plain.size(); ++i) {
            QVERIFY(deferred[i].defined());
            const double error = testing::maxAbsDiff(deferred[i], plain[i]) / plain[i].norm().item<double>();
            QVERIFY2(error <= 1e-13, qPrintable(QString::number(error)));
        }
    }

    // bfloat16 products sum in float32 on every machine (product_precision.h): where
    // LibTorch's own bfloat16 GEMM sums in bfloat16 (AVX2-only CPUs), a sum of 512 ones stops
    // at 256 and 2144 random products are several per cent off.
    void bfloat16ProductsSumInFloat32_data()
    {
        QTest::addColumn<bool>("batched");
        QTest::addColumn<bool>("ones");
        QTest::newRow("mm, 512 ones") << false << true;
        QTest::newRow("bmm, 512 ones") << true << true;
        QTest::newRow("mm, 2144 random products") << false << false;
        QTest::newRow("bmm, 2144 random products") << true << false;
    }

    void bfloat16ProductsSumInFloat32()
    {
        QFETCH(bool, batched);
        QFETCH(bool, ones);
        const int64_t depth = ones ? 512 : 2144;
        const torch::Tensor a = ones ? torch::ones({3, 4, depth}) : torch::randn({3, 4, depth});
        const torch::Tensor b = ones ? torch::ones({3, depth, 5}) : torch::randn({3, depth, 5});
        // The exact sums of the rounded operands' products.
        const torch::Tensor exact = torch::bmm(a.to(torch::kBFloat16).to(torch::kFloat64), b.to(torch::kBFloat16).to(torch::kFloat64));
        const torch::Tensor ra = toProductOperand(a), rb = toProductOperand(b);
        const torch::Tensor product = (batched ? torch::bmm(ra, rb) : ra[0].mm(rb[0]).unsqueeze(0)).to(torch::kFloat64);
        const torch::Tensor expected = batched ? exact : exact.narrow(0, 0, 1);
        if (ones) QCOMPARE(product.max().item<double>(), 512.0);
        // Float32 sums of bfloat16-exact products, then (on bfloat16 matrix units) one rounding
        // of the result to bfloat16: within 2^-8 of the largest sum.
        const double error = testing::maxAbsDiff(product, expected) / expected.abs().max().item<double>();
        QVERIFY2(error <= 4e-3, qPrintable(QString("relative error %1").arg(error)));
    }

    // The probe judges the products the model runs: a bfloat16 product of METR-LA's sizes
    // (the decoder gate's depth, 2144) sums in float32 exactly when the probe says so. A
    // probe too small for oneDNN's bfloat16 path said otherwise on an AVX512-BF16 Xeon.
    void probeMatchesTheModelsProducts_data()
    {
        QTest::addColumn<bool>("batched");
        QTest::newRow("mm") << false;
        QTest::newRow("bmm") << true;
    }

    void probeMatchesTheModelsProducts()
    {
        QFETCH(bool, batched);
        const int64_t depth = 2144;
        const auto bf16 = torch::TensorOptions().dtype(torch::kBFloat16);
        const float sum = batched ? torch::ones({2, 207, depth}, bf16).bmm(torch::ones({2, depth, 128}, bf16))[1][206][127].item<float>()
                                  : torch::ones({207, depth}, bf16).mm(torch::ones({depth, 128}, bf16))[206][127].item<float>();
        QCOMPARE(sum == static_cast<float>(depth), bfloat16GemmSumsInFloat32(torch::kCPU));
    }

    // The decoder's product alone, at METR-LA's row width (K*C = 134, D = 16, O = 128): the
    // bfloat16 GEMMs and the contraction of bfloat16 row gradients against float32.
    void mixedPoolProductInBFloat16_data()
    {
        QTest::addColumn<bool>("deferred");
        QTest::newRow("pool gradient per step") << false;
        QTest::newRow("pool gradient deferred") << true;
    }

    void mixedPoolProductInBFloat16()
    {
        QFETCH(bool, deferred);
        const int64_t rows = 37, pool = 16, width = 134, out = 128;
        const torch::Tensor embeddingLeaf = torch::randn({rows, pool}) * 0.3;
        const torch::Tensor inputLeaf = torch::randn({rows, width});
        const torch::Tensor poolLeaf = torch::randn({pool * width, out}) * 0.05;
        const torch::Tensor gradOut = torch::randn({rows, out});
        auto run = [&](bool reduced) {
            const torch::Tensor e = embeddingLeaf.clone().requires_grad_(true), x = inputLeaf.clone().requires_grad_(true),
                                w = poolLeaf.clone().requires_grad_(true);
            const auto handle = deferred ? deferWeightGradient(w) : c10::intrusive_ptr<DeferredWeightGradient>();
            const torch::Tensor y =
                mixedPoolProduct(e, x, w, handle, reduced ? toProductOperand(w.detach()) : torch::Tensor());
            y.backward(gradOut);
            return std::vector<torch::Tensor>{y.detach(), e.grad(), x.grad(), w.grad()};
        };
        const auto full = run(false), reduced = run(true);
        for (size_t i = 0; i < full.size(); ++i) {
            QCOMPARE(reduced[i].scalar_type(), torch::kFloat);
            const double error = testing::maxAbsDiff(reduced[i], full[i]) / full[i].abs().max().item<double>();
            QVERIFY2(error <= 2e-2, qPrintable(QString("tensor %1: relative error %2").arg(i).arg(error)));
            // The pool's gradient pairs the float32 input with the given output gradient: exact.
            if (i < 3) QVERIFY2(error > 1e-6, qPrintable(QString("tensor %1: bfloat16 changed nothing").arg(i)));
            else QCOMPARE(error, 0.0);
        }
    }
};

QTEST_MAIN(TestProducts)
#include "test_products.moc"
