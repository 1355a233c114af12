// The training step and the pieces a CUDA graph records: teacher forcing decided on the
// device, gradient clipping without a host round trip, Adam reading its scalars from device
// tensors. Each must compute what the usual path computes; on this CPU the graph itself
// cannot run, and asking for one says so.
#include "refusals.h"
#include "core/cuda_graph.h"
#include "himnet/errors.h"
#include "model/himnet.h"
#include "test_tensors.h"
#include "train/adam.h"
#include "train/gradient_clipping.h"
#include "train/training_step.h"

#include <QtTest>

#include <cmath>

using namespace himnet;

namespace {

HimNetConfig smallConfig()
{
    HimNetConfig c;
    c.numNodes = 5;
    c.hiddenDim = 4;
    c.numLayers = 2;
    c.chebK = 2;
    c.todEmbeddingDim = c.dowEmbeddingDim = 2;
    c.nodeEmbeddingDim = c.stEmbeddingDim = 3;
    c.stepsPerDay = 24;
    return c;
}

std::vector<std::pair<std::string, torch::Tensor>> namedParameters(HimNetImpl& model)
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& item : model.named_parameters(true)) out.emplace_back(item.key(), item.value());
    return out;
}

std::vector<torch::Tensor> gradientsOf(HimNetImpl& model)
{
    std::vector<torch::Tensor> out;
    for (const auto& p : model.parameters()) out.push_back(p.grad().clone());
    return out;
}

// A twin of `model` with the same parameters.
HimNet copyOf(HimNetImpl& model)
{
    HimNet twin(model.config());
    twin->to(torch::kFloat64);
    torch::NoGradGuard noGrad;
    const auto from = model.parameters();
    auto to = twin->parameters();
    for (size_t i = 0; i < from.size(); ++i) to[i].copy_(from[i]);
    return twin;
}

std::vector<bool> decisions(const QString& pattern)
{
    std::vector<bool> out;
    for (QChar c : pattern) out.push_back(c == QLatin1Char('1'));
    return out;
}

} // namespace

class TestTrainingStep : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(7); }

    // torch::where on the device against the host's branch: the same outputs and the same
    // gradients, bit for bit (the unchosen branch gets an exact zero gradient).
    void forcingOnTheDeviceMatchesTheHostsChoice_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::newRow("never") << "000000000000";
        QTest::newRow("always") << "111111111111";
        QTest::newRow("alternating") << "101010101010";
        QTest::newRow("first steps") << "111000000000";
        QTest::newRow("last step only") << "000000000001";
    }
    void forcingOnTheDeviceMatchesTheHostsChoice()
    {
        QFETCH(QString, pattern);
        HimNet model(smallConfig());
        model->to(torch::kFloat64);
        model->train();
        const auto data = testing::randomBatch(3, 12, 12, 5, 24);
        const std::vector<bool> forced = decisions(pattern);
        torch::Tensor mask = torch::zeros({12}, torch::kBool);
        for (int64_t q = 0; q < 12; ++q) mask[q].fill_(static_cast<bool>(forced[static_cast<size_t>(q)]));

        const torch::Tensor onHost = model->forward(data.x, data.yCov, data.labels, forced);
        (onHost - data.labels).abs().mean().backward();
        const auto hostGradients = gradientsOf(*model);
        for (auto& p : model->parameters()) p.mutable_grad().zero_();
        const torch::Tensor onDevice = model->forwardForced(data.x, data.yCov, data.labels, mask);
        (onDevice - data.labels).abs().mean().backward();
        const auto deviceGradients = gradientsOf(*model);

        QCOMPARE(testing::maxAbsDiff(onHost, onDevice), 0.0);
        for (size_t i = 0; i < hostGradients.size(); ++i) QCOMPARE(testing::maxAbsDiff(hostGradients[i], deviceGradients[i]), 0.0);
        // Forcing does change the result (the decisions were used at all).
        if (pattern.contains(QLatin1Char('1'))) {
            torch::NoGradGuard noGrad;
            const torch::Tensor free = model->forward(data.x, data.yCov, data.labels, decisions("000000000000"));
            QVERIFY(testing::maxAbsDiff(free, onDevice) > 0);
        }
    }

    void forcingOnTheDeviceChecksItsMask()
    {
        HimNet model(smallConfig());
        const auto data = testing::randomBatch(2, 12, 12, 5, 24, torch::kFloat32);
        QVERIFY_THROWS_EXCEPTION(c10::Error, model->forwardForced(data.x, data.yCov, data.labels, torch::zeros({11}, torch::kBool)));
        QVERIFY_THROWS_EXCEPTION(c10::Error, model->forwardForced(data.x, data.yCov, data.labels, torch::zeros({12})));
    }

    // Same formula as torch::nn::utils::clip_grad_norm_, bit for bit, without its `.item()`.
    void clippingMatchesTorch_data()
    {
        QTest::addColumn<double>("maxNorm");
        QTest::addColumn<bool>("oneWithoutGradient");
        QTest::newRow("clipped") << 0.01 << false;
        QTest::newRow("left alone") << 1e6 << false;
        QTest::newRow("at the norm's order") << 1.0 << false;
        QTest::newRow("clipped, a parameter without gradient") << 0.01 << true;
    }
    void clippingMatchesTorch()
    {
        QFETCH(double, maxNorm);
        QFETCH(bool, oneWithoutGradient);
        std::vector<torch::Tensor> ours, theirs;
        for (int i = 0; i < 4; ++i) {
            torch::Tensor p = torch::randn({3, 2}).requires_grad_(true);
            torch::Tensor twin = p.detach().clone().requires_grad_(true);
            if (!(oneWithoutGradient && i == 2)) {
                const torch::Tensor g = torch::randn({3, 2}) * (i + 1);
                p.mutable_grad() = g.clone();
                twin.mutable_grad() = g.clone();
            }
            ours.push_back(p);
            theirs.push_back(twin);
        }
        const double expectedNorm = torch::nn::utils::clip_grad_norm_(theirs, maxNorm);
        const torch::Tensor norm = clipGradientNorm(ours, maxNorm);
        QCOMPARE(norm.dim(), int64_t(0));
        QCOMPARE(norm.item<double>(), expectedNorm);
        for (size_t i = 0; i < ours.size(); ++i) {
            QCOMPARE(ours[i].grad().defined(), theirs[i].grad().defined());
            if (ours[i].grad().defined()) QCOMPARE(testing::maxAbsDiff(ours[i].grad(), theirs[i].grad()), 0.0);
        }
    }

    // Adam with its step size and bias correction in tensors (what a graph replays) follows
    // the host-scalar Adam, through a learning-rate change and a restored state.
    void adamWithDeviceScalarsFollowsTheUsualOne_data()
    {
        QTest::addColumn<double>("weightDecay");
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("restoredStep");
        QTest::newRow("one step") << 0.0 << 1 << 0;
        QTest::newRow("eight steps, weight decay") << 5e-4 << 8 << 0;
        QTest::newRow("resumed at step 100") << 5e-4 << 4 << 100;
    }
    void adamWithDeviceScalarsFollowsTheUsualOne()
    {
        QFETCH(double, weightDecay);
        QFETCH(int, steps);
        QFETCH(int, restoredStep);
        const torch::Tensor start = torch::randn({4, 3}, torch::kFloat64);
        torch::Tensor usual = start.clone().requires_grad_(true), scalarsOnDevice = start.clone().requires_grad_(true);
        AdamOptimizer a({{"w", usual}}, 1e-2, 1e-3, weightDecay), b({{"w", scalarsOnDevice}}, 1e-2, 1e-3, weightDecay);
        if (restoredStep > 0) {
            const NamedTensors state{{"exp_avg.w", torch::full({4, 3}, 0.1, torch::kFloat64)},
                                     {"exp_avg_sq.w", torch::full({4, 3}, 0.02, torch::kFloat64)}};
            a.loadState(state, restoredStep, "test");
            b.loadState(state, restoredStep, "test");
        }
        b.keepScalarsOnDevice();
        for (int step = 0; step < steps; ++step) {
            if (step == steps / 2) {
                a.setLearningRate(1e-3);
                b.setLearningRate(1e-3);
            }
            const torch::Tensor target = torch::randn({4, 3}, torch::kFloat64);
            for (auto* p : {&usual, &scalarsOnDevice}) {
                if (p->grad().defined()) p->mutable_grad().zero_();
                ((*p - target) * (*p - target)).sum().backward();
            }
            a.step();
            b.advance();
            b.update();
        }
        QCOMPARE(b.stepCount(), a.stepCount());
        const double moved = testing::maxAbsDiff(usual, start);
        QVERIFY(moved > 1e-4);
        QVERIFY2(testing::maxAbsDiff(usual, scalarsOnDevice) <= 1e-12 * moved, qPrintable(QString::number(testing::maxAbsDiff(usual, scalarsOnDevice))));
    }

    // The step the trainer takes is the reference recipe: forward with the step's decisions,
    // masked MAE on de-scaled values, backward, clipping to 5, Adam. Written out by hand with
    // torch's own clipping, it gives the same parameters, bit for bit.
    void trainingStepIsTheRecipe()
    {
        HimNet model(smallConfig());
        model->to(torch::kFloat64);
        model->train();
        HimNet twin = copyOf(*model);
        twin->train();
        TrainingOptions options;
        options.batchSize = 3;
        options.clipNorm = 0.05; // small enough to clip
        const Scaler scaler{50.0, 10.0};
        AdamOptimizer adam(namedParameters(*model), 1e-2, 1e-3, 5e-4), twinAdam(namedParameters(*twin), 1e-2, 1e-3, 5e-4);
        TrainingStep step(*model, adam, options, scaler, 0.0, torch::kCPU);
        const std::vector<bool> forced = decisions("110011001100");
        for (int s = 0; s < 3; ++s) {
            const auto data = testing::randomBatch(3, 12, 12, 5, 24);
            Batch batch;
            batch.x = data.x;
            batch.yCov = data.yCov;
            batch.labels = data.labels;
            batch.target = scaler.inverse(data.labels);
            batch.target.index_put_({0, 0}, 0.0); // a missing value, masked out
            const torch::Tensor loss = step.run(batch, forced);

            const torch::Tensor output = twin->forward(batch.x, batch.yCov, batch.labels, forced);
            const torch::Tensor mask = (batch.target != 0.0).to(torch::kFloat64);
            const torch::Tensor twinLoss = ((scaler.inverse(output) - batch.target).abs() * mask).sum() / mask.sum();
            twinAdam.zeroGrad();
            twinLoss.backward();
            torch::nn::utils::clip_grad_norm_(twin->parameters(), options.clipNorm);
            twinAdam.step();
            QCOMPARE(loss.item<double>(), twinLoss.item<double>());
        }
        const auto ours = model->parameters(), theirs = twin->parameters();
        for (size_t i = 0; i < ours.size(); ++i) QCOMPARE(testing::maxAbsDiff(ours[i], theirs[i]), 0.0);
        QVERIFY(step.note().empty());
        QCOMPARE(step.replays(), int64_t(0));
    }

    // The first replay's check: float32 rounding passes, a wrong recording does not.
    void replayCheckTolerances_data()
    {
        QTest::addColumn<double>("replayed");
        QTest::addColumn<double>("usual");
        QTest::addColumn<bool>("bfloat16");
        QTest::addColumn<bool>("agrees");
        QTest::newRow("same") << 3.25 << 3.25 << false << true;
        QTest::newRow("float32 rounding") << 3.2500004 << 3.25 << false << true;
        QTest::newRow("off by 1 %") << 3.2825 << 3.25 << false << false;
        QTest::newRow("off by 1 %, bfloat16") << 3.2825 << 3.25 << true << true;
        QTest::newRow("off by 5 %, bfloat16") << 3.4125 << 3.25 << true << false;
        QTest::newRow("small losses: absolute") << 0.00002 << 0.00001 << false << true;
        QTest::newRow("not finite") << std::nan("") << 3.25 << false << false;
        QTest::newRow("zero against a loss") << 0.0 << 3.25 << true << false;
    }
    void replayCheckTolerances()
    {
        QFETCH(double, replayed);
        QFETCH(double, usual);
        QFETCH(bool, bfloat16);
        QFETCH(bool, agrees);
        QCOMPARE(replayAgrees(replayed, usual, bfloat16 ? Precision::BFloat16 : Precision::Float32), agrees);
    }

    void cudaGraphsNeedAGpu()
    {
        QVERIFY_THROWS_EXCEPTION(InputError, CudaGraph{torch::Device(torch::kCPU)});
        HimNet model(smallConfig());
        AdamOptimizer adam(namedParameters(*model), 1e-3, 1e-3, 0);
        TrainingOptions options;
        options.cudaGraphs = true;
        const QString wrong = testing::refusalMismatch([&] { TrainingStep step(*model, adam, options, Scaler{}, 0.0, torch::kCPU); },
                                                       {"needs a GPU"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }
};

QTEST_MAIN(TestTrainingStep)
#include "test_training_step.moc"
