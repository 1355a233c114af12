// The efficient HimNet against a plain transcription of HIMNET.md (tests/support), for
// many sizes; the METR-LA parameter count; state-dict names; the teacher-forcing schedule.
#include "refusals.h"
#include "himnet/errors.h"
#include "himnet/runtime.h"
#include "model/himnet.h"
#include "model/meta_graph_conv.h"
#include "reference_himnet.h"
#include "test_tensors.h"
#include "train/state_dict.h"

#include <QtTest>

#include <set>

using namespace himnet;

namespace {

HimNetConfig configFor(int64_t n, int64_t h, int64_t l, int64_t k, int64_t dTod, int64_t dDow, int64_t dNode,
                       int64_t dSt, int64_t p)
{
    HimNetConfig c;
    c.numNodes = n;
    c.hiddenDim = h;
    c.numLayers = l;
    c.chebK = k;
    c.todEmbeddingDim = dTod;
    c.dowEmbeddingDim = dDow;
    c.nodeEmbeddingDim = dNode;
    c.stEmbeddingDim = dSt;
    c.stepsPerDay = p;
    return c;
}

} // namespace

class TestHimNetModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(20240525); }

    void matchesReferenceTranscription_data()
    {
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("hidden");
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("chebK");
        QTest::addColumn<int>("dTod");
        QTest::addColumn<int>("dDow");
        QTest::addColumn<int>("dNode");
        QTest::addColumn<int>("dSt");
        QTest::addColumn<int>("stepsPerDay");
        QTest::addColumn<int>("batch");
        QTest::addColumn<bool>("teacherForcing");
        QTest::newRow("golden-sized") << 7 << 8 << 1 << 2 << 4 << 4 << 5 << 6 << 288 << 3 << false;
        QTest::newRow("L2 K3") << 6 << 5 << 2 << 3 << 3 << 2 << 4 << 3 << 96 << 2 << false;
        QTest::newRow("L3 K4") << 5 << 4 << 3 << 4 << 2 << 3 << 3 << 2 << 48 << 2 << false;
        QTest::newRow("one node") << 1 << 4 << 1 << 2 << 2 << 2 << 2 << 2 << 24 << 2 << false;
        QTest::newRow("one sample, hourly") << 9 << 6 << 2 << 2 << 5 << 1 << 2 << 4 << 24 << 1 << false;
        QTest::newRow("teacher forcing L2 K3") << 6 << 5 << 2 << 3 << 3 << 2 << 4 << 3 << 96 << 2 << true;
    }

    void matchesReferenceTranscription()
    {
        QFETCH(int, nodes);
        QFETCH(int, hidden);
        QFETCH(int, layers);
        QFETCH(int, chebK);
        QFETCH(int, dTod);
        QFETCH(int, dDow);
        QFETCH(int, dNode);
        QFETCH(int, dSt);
        QFETCH(int, stepsPerDay);
        QFETCH(int, batch);
        QFETCH(bool, teacherForcing);

        const HimNetConfig config = configFor(nodes, hidden, layers, chebK, dTod, dDow, dNode, dSt, stepsPerDay);
        HimNet model(config);
        model->to(torch::kFloat64);
        const auto data = testing::randomBatch(batch, config.inSteps, config.outSteps, nodes, stepsPerDay);
        std::vector<bool> forced;
        if (teacherForcing) {
            model->train();
            for (int q = 0; q < config.outSteps; ++q) forced.push_back(q % 3 != 1);
        } else {
            model->eval();
        }

        // The reference runs on independent leaf copies of the same parameters.
        std::map<std::string, torch::Tensor> params;
        for (const auto& [name, tensor] : stateDictOf(*model)) params[name] = tensor.clone().requires_grad_(true);
        const reference::Sizes sizes{nodes, hidden, layers, chebK, dTod, dDow, dNode, dSt, stepsPerDay};

        const torch::Tensor ours = model->forward(data.x, data.yCov, data.labels, forced);
        const torch::Tensor theirs = reference::forward(params, sizes, data.x, data.yCov, data.labels, forced);
        QCOMPARE(ours.sizes().vec(), (std::vector<int64_t>{batch, 12, nodes, 1}));
        QVERIFY2(testing::maxAbsDiff(ours, theirs) <= 1e-10, qPrintable(QString::number(testing::maxAbsDiff(ours, theirs))));

        (ours - data.labels).abs().mean().backward();
        (theirs - data.labels).abs().mean().backward();
        int compared = 0;
        for (const auto& item : model->named_parameters(true)) {
            const torch::Tensor& expected = params.at(item.key()).grad();
            QVERIFY2(expected.defined(), item.key().c_str());
            const double scale = std::max(expected.norm().item<double>(), 1e-300);
            const double relative = testing::maxAbsDiff(item.value().grad(), expected) / scale;
            QVERIFY2(relative <= 1e-9, qPrintable(QString::fromStdString(item.key()) + ": " + QString::number(relative)));
            ++compared;
        }
        QCOMPARE(compared, static_cast<int>(params.size()));
    }

    // Inference takes other paths than training on the CPU (per-node weights streamed,
    // decoder weights materialised once per pass): each must still compute the reference's
    // numbers. (Training's own loop, the decoder's backward contraction, is checked by the
    // gradients in matchesReferenceTranscription.)
    void inferenceMatchesReferenceTranscription_data()
    {
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("chebK");
        QTest::addColumn<int>("batch");
        QTest::newRow("one forecast") << 9 << 1 << 2 << 1;
        QTest::newRow("one forecast L2 K3") << 6 << 2 << 3 << 1;
        QTest::newRow("batch of 2") << 7 << 1 << 2 << 2;
        QTest::newRow("batch of 3 (bmm)") << 5 << 2 << 2 << 3;
    }

    void inferenceMatchesReferenceTranscription()
    {
        QFETCH(int, nodes);
        QFETCH(int, layers);
        QFETCH(int, chebK);
        QFETCH(int, batch);
        const HimNetConfig config = configFor(nodes, 5, layers, chebK, 3, 2, 4, 3, 96);
        HimNet model(config);
        model->to(torch::kFloat64);
        model->eval();
        const auto data = testing::randomBatch(batch, config.inSteps, config.outSteps, nodes, config.stepsPerDay);
        std::map<std::string, torch::Tensor> params;
        for (const auto& [name, tensor] : stateDictOf(*model)) params[name] = tensor.clone();
        const reference::Sizes sizes{nodes, 5, layers, chebK, 3, 2, 4, 3, config.stepsPerDay};

        torch::NoGradGuard noGrad;
        const torch::Tensor ours = model->forward(data.x, data.yCov);
        const torch::Tensor theirs = reference::forward(params, sizes, data.x, data.yCov, data.labels, {});
        QVERIFY2(testing::maxAbsDiff(ours, theirs) <= 1e-10, qPrintable(QString::number(testing::maxAbsDiff(ours, theirs))));
    }

    void decoderWeightsAreMaterialisedForInferenceOnly()
    {
        const MetaGraphConv conv(4, 3, 5, 2); // pool of 4, 3 input channels, 5 outputs, K = 2
        const torch::Tensor embedding = torch::randn({2, 6, 4});
        const GeneratedWeights training = conv->generate(embedding, MetaAxis::SpatioTemporal);
        QVERIFY(training.embedding.defined()); // the Kronecker form: the pool, mixed at each step
        QCOMPARE(training.weight.sizes().vec(), (std::vector<int64_t>{4 * 2 * 3, 5}));
        torch::NoGradGuard noGrad;
        const GeneratedWeights inference = conv->generate(embedding, MetaAxis::SpatioTemporal);
        QVERIFY(!inference.embedding.defined());
        QCOMPARE(inference.weight.sizes().vec(), (std::vector<int64_t>{2 * 6, 2 * 3, 5}));
    }

    // Training defers the gradients of the per-node (S) and decoder (ST) weights; inference
    // has no gradient to defer.
    void trainingDefersSharedWeightGradients()
    {
        const MetaGraphConv conv(4, 3, 5, 2);
        const torch::Tensor nodeEmbedding = torch::randn({6, 4});
        const torch::Tensor stEmbedding = torch::randn({2, 6, 4});
        QVERIFY(conv->generate(nodeEmbedding, MetaAxis::Spatial).deferredGradient);
        QVERIFY(conv->generate(stEmbedding, MetaAxis::SpatioTemporal).deferredGradient);
        torch::NoGradGuard noGrad;
        QVERIFY(!conv->generate(nodeEmbedding, MetaAxis::Spatial).deferredGradient);
        QVERIFY(!conv->generate(stEmbedding, MetaAxis::SpatioTemporal).deferredGradient);
    }

    // Mixed precision: the products of the training step take bfloat16 operands. Against the
    // same network in float32: the loss and every gradient agree to bfloat16's tolerance, and
    // differ (the reduced products really ran). Each row reaches a different product: the
    // per-node (S), per-sample (T) and Kronecker (ST) ones, and plain weights (ablations).
    void bfloat16TrainingStepStaysWithinTolerance_data()
    {
        QTest::addColumn<int>("hidden");
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("chebK");
        QTest::addColumn<bool>("ablated");
        QTest::newRow("H 32, L1 K2 (METR-LA's shape, smaller)") << 32 << 1 << 2 << false;
        QTest::newRow("H 16, L2 K3") << 16 << 2 << 3 << false;
        QTest::newRow("plain weights everywhere (ablations)") << 16 << 1 << 2 << true;
    }

    void bfloat16TrainingStepStaysWithinTolerance()
    {
        QFETCH(int, hidden);
        QFETCH(int, layers);
        QFETCH(int, chebK);
        QFETCH(bool, ablated);
        HimNetConfig config = configFor(23, hidden, layers, chebK, 4, 4, 8, 8, 96);
        config.useSpatialMeta = config.useTemporalMeta = config.useSpatioTemporalMeta = !ablated;
        const auto data = testing::randomBatch(4, config.inSteps, config.outSteps, config.numNodes, config.stepsPerDay);
        const std::vector<bool> forced{true, false, true}; // teacher forcing on, as in training

        auto step = [&](Precision precision) {
            torch::manual_seed(7);
            HimNet model(config);
            model->setPrecision(precision);
            model->train();
            const torch::Tensor output = model->forward(data.x.to(torch::kFloat), data.yCov.to(torch::kFloat),
                                                        data.labels.to(torch::kFloat), forced);
            // A smooth loss: the masked MAE's sign flips where an output crosses its label, which
            // says nothing of the products' precision.
            const torch::Tensor loss = (output - data.labels.to(torch::kFloat)).square().mean();
            loss.backward();
            std::vector<torch::Tensor> grads{output.detach()};
            for (const auto& p : model->parameters()) grads.push_back(p.grad());
            return grads;
        };
        const auto full = step(Precision::Float32);
        const auto reduced = step(Precision::BFloat16);
        QCOMPARE(reduced.size(), full.size());
        double largest = 0;
        for (size_t i = 0; i < full.size(); ++i) {
            QCOMPARE(reduced[i].defined(), full[i].defined()); // an ablated stack leaves embeddings unused
            if (!full[i].defined()) continue;
            QCOMPARE(reduced[i].scalar_type(), torch::kFloat); // parameters, gradients and outputs stay float32
            const double error = testing::maxAbsDiff(reduced[i], full[i]) / full[i].abs().max().item<double>();
            largest = std::max(largest, error);
            QVERIFY2(error <= 3e-2, qPrintable(QString("tensor %1: relative error %2").arg(i).arg(error)));
        }
        qInfo("largest relative deviation from float32: %.2e", largest);
        QVERIFY2(largest > 1e-5, "bfloat16 changed nothing: the reduced products did not run");
    }

    // Forecasts (no gradients) never use the reduced products: the same numbers as float32.
    void bfloat16PrecisionLeavesForecastsInFloat32()
    {
        const HimNetConfig config = configFor(9, 8, 1, 2, 3, 2, 4, 3, 96);
        const auto data = testing::randomBatch(2, config.inSteps, config.outSteps, config.numNodes, config.stepsPerDay);
        torch::manual_seed(3);
        HimNet model(config);
        model->eval();
        torch::NoGradGuard noGrad;
        const torch::Tensor full = model->forward(data.x.to(torch::kFloat), data.yCov.to(torch::kFloat));
        model->setPrecision(Precision::BFloat16);
        QVERIFY(torch::equal(model->forward(data.x.to(torch::kFloat), data.yCov.to(torch::kFloat)), full));
    }

    void bfloat16NeedsAFloat32Model()
    {
        HimNet model(configFor(5, 4, 1, 2, 2, 2, 2, 2, 24));
        model->to(torch::kFloat64);
        QVERIFY_THROWS_EXCEPTION(InputError, model->setPrecision(Precision::BFloat16));
        model->setPrecision(Precision::Float32);
        QVERIFY(model->precision() == Precision::Float32);
    }

    void precisionNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("bfloat16");
        QTest::newRow("float32") << "float32" << true << false;
        QTest::newRow("fp32") << "FP32" << true << false;
        QTest::newRow("bfloat16") << "bfloat16" << true << true;
        QTest::newRow("bf16") << "BF16" << true << true;
        QTest::newRow("half is not offered") << "float16" << false << false;
        QTest::newRow("empty") << "" << false << false;
    }

    void precisionNames()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(bool, bfloat16);
        if (!valid) {
            QVERIFY_THROWS_EXCEPTION(InputError, parsePrecision(text.toStdString()));
            return;
        }
        const Precision p = parsePrecision(text.toStdString());
        QCOMPARE(p == Precision::BFloat16, bfloat16);
        QVERIFY(parsePrecision(toString(p)) == p);
    }

    void teacherForcingChangesTrainingOutputOnly()
    {
        const HimNetConfig config = configFor(4, 4, 1, 2, 2, 2, 2, 2, 24);
        HimNet model(config);
        model->to(torch::kFloat64);
        const auto data = testing::randomBatch(2, 12, 12, 4, 24);
        const std::vector<bool> all(12, true);
        model->eval();
        const torch::Tensor evalOut = model->forward(data.x, data.yCov, data.labels, all);
        model->train();
        const torch::Tensor trainOut = model->forward(data.x, data.yCov, data.labels, all);
        const torch::Tensor plain = model->forward(data.x, data.yCov);
        // Step 0 never sees a label; later steps do in training only.
        QVERIFY(testing::maxAbsDiff(trainOut.select(1, 0), evalOut.select(1, 0)) < 1e-12);
        QVERIFY(testing::maxAbsDiff(trainOut, evalOut) > 1e-6);
        QVERIFY(testing::maxAbsDiff(plain, evalOut) < 1e-12);
    }

    void metrLaParameterCount()
    {
        HimNetConfig metrLa; // defaults are the METR-LA configuration
        HimNet model(metrLa);
        QCOMPARE(countScalars(stateDictOf(*model)), int64_t(1250937));
        QCOMPARE(metrLa.parameterCount(), int64_t(1250937));
    }

    void parameterCountFormulaMatchesModules_data()
    {
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("chebK");
        QTest::newRow("L1 K2") << 1 << 2;
        QTest::newRow("L2 K3") << 2 << 3;
        QTest::newRow("L3 K5") << 3 << 5;
    }

    void parameterCountFormulaMatchesModules()
    {
        QFETCH(int, layers);
        QFETCH(int, chebK);
        const HimNetConfig c = configFor(11, 7, layers, chebK, 3, 5, 4, 6, 96);
        QCOMPARE(countScalars(stateDictOf(*HimNet(c))), c.parameterCount());
    }

    void stateDictNamesAreTheReferences()
    {
        const std::set<std::string> expected{
            "node_embedding", "tod_embedding.weight", "dow_embedding.weight", "st_proj.weight", "st_proj.bias",
            "out_proj.weight", "out_proj.bias",
            "encoder_s.cells.0.gate.weights_pool", "encoder_s.cells.0.gate.bias_pool",
            "encoder_s.cells.0.update.weights_pool", "encoder_s.cells.0.update.bias_pool",
            "encoder_t.cells.0.gate.weights_pool", "encoder_t.cells.0.gate.bias_pool",
            "encoder_t.cells.0.update.weights_pool", "encoder_t.cells.0.update.bias_pool",
            "decoder.cells.0.gate.weights_pool", "decoder.cells.0.gate.bias_pool",
            "decoder.cells.0.update.weights_pool", "decoder.cells.0.update.bias_pool"};
        std::set<std::string> names;
        for (const auto& [name, tensor] : stateDictOf(*HimNet(HimNetConfig{}))) names.insert(name);
        QVERIFY(names == expected);
    }

    void teacherForcingSchedule_data()
    {
        QTest::addColumn<qint64>("batchesSeen");
        QTest::addColumn<qint64>("tau");
        QTest::addColumn<double>("expected");
        QTest::newRow("start") << qint64(0) << qint64(6000) << 6000.0 / 6001.0;
        QTest::newRow("after tau*ln(tau)") << qint64(52197) << qint64(6000) << 6000.0 / (6000.0 + std::exp(52197.0 / 6000.0));
        QTest::newRow("late") << qint64(200000) << qint64(4000) << 4000.0 / (4000.0 + std::exp(50.0));
    }

    void teacherForcingSchedule()
    {
        QFETCH(qint64, batchesSeen);
        QFETCH(qint64, tau);
        QFETCH(double, expected);
        QCOMPARE(teacherForcingProbability(batchesSeen, tau), expected);
    }

    void invalidConfigurationIsRejected_data()
    {
        QTest::addColumn<int>("chebK");
        QTest::addColumn<int>("nodes");
        QTest::addColumn<QString>("field");
        QTest::newRow("K=1") << 1 << 5 << "cheb_k";
        QTest::newRow("no nodes") << 2 << 0 << "num_nodes";
    }

    void invalidConfigurationIsRejected()
    {
        QFETCH(int, chebK);
        QFETCH(int, nodes);
        QFETCH(QString, field);
        HimNetConfig c;
        c.chebK = chebK;
        c.numNodes = nodes;
        const QString wrong = testing::refusalMismatch([&] { HimNet model(c); }, {field});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void configurationBeyondAnyMachineIsRefused_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("problem"); // empty: accepted
        QTest::newRow("hidden size of 100 000") << R"({"hidden_dim": 100000})"
                                                << "model configuration: 2880102505689 parameters (10729 GiB of weights) is beyond the 2147483648";
        QTest::newRow("the int64 count would overflow") << R"({"hidden_dim": 16777216, "st_embedding_dim": 16777216})"
                                                        << "parameters";
        QTest::newRow("nodes past int64's square root") << R"({"num_nodes": 9223372036854775807})"
                                                        << "num_nodes must be at most 16777216, got 9223372036854775807";
        QTest::newRow("day embeddings that would overflow their sum")
            << R"({"tod_embedding_dim": 4611686018427387904, "dow_embedding_dim": 4611686018427387904})"
            << "tod_embedding_dim must be at most 16777216";
        QTest::newRow("a long teacher-forcing decay") << R"({"tf_decay_steps": 100000000000})" << "";
        QTest::newRow("PEMS07's network") << R"({"num_nodes": 883, "hidden_dim": 64})" << "";
    }

    void configurationBeyondAnyMachineIsRefused()
    {
        QFETCH(QString, json);
        QFETCH(QString, problem);
        if (problem.isEmpty()) {
            QVERIFY(HimNetConfig::fromJson(json.toStdString(), "model.json").parameterCount() < HimNetConfig::kMaxParameters);
            return;
        }
        const QString wrong = testing::refusalMismatch([&] { HimNetConfig::fromJson(json.toStdString(), "model.json"); },
                                                       {"model.json: ", problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void configJsonRoundTrip()
    {
        HimNetConfig c = configFor(170, 96, 2, 3, 10, 2, 14, 10, 288);
        c.tfDecaySteps = 4000;
        c.useTeacherForcing = false;
        QVERIFY(HimNetConfig::fromJson(c.toJson()) == c);
        QVERIFY_THROWS_EXCEPTION(InputError, HimNetConfig::fromJson("{\"hidden_dim\": 0}", "x.json"));
        QVERIFY_THROWS_EXCEPTION(InputError, HimNetConfig::fromJson("not json", "x.json"));
    }
};

QTEST_MAIN(TestHimNetModel)
#include "test_himnet_model.moc"
