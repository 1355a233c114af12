#include "reference_himnet.h"

namespace himnet::reference {
namespace {

using Params = std::map<std::string, torch::Tensor>;

// T_0 = I, T_1 = A, T_k = 2 A T_{k-1} - T_{k-2}; A is (N, N) or (B, N, N).
std::vector<torch::Tensor> chebyshevPolynomials(const torch::Tensor& a, int64_t k)
{
    const int64_t n = a.size(-1);
    torch::Tensor eye = torch::eye(n, a.options());
    if (a.dim() == 3) eye = eye.expand({a.size(0), n, n});
    std::vector<torch::Tensor> set{eye, a};
    for (int64_t i = 2; i < k; ++i) set.push_back(torch::matmul(2 * a, set[i - 1]) - set[i - 2]);
    return set;
}

// axis: 'S' emb (N, D); 'T' emb (B, D); 'X' emb (B, N, D)
torch::Tensor gcn(const Params& p, const std::string& prefix, const torch::Tensor& x, const torch::Tensor& a,
                  const torch::Tensor& emb, char axis, int64_t k)
{
    std::vector<torch::Tensor> terms;
    for (const auto& t : chebyshevPolynomials(a, k))
        terms.push_back(a.dim() == 2 ? torch::einsum("nm,bmc->bnc", {t, x}) : torch::einsum("bnm,bmc->bnc", {t, x}));
    const torch::Tensor g = torch::cat(terms, -1);
    const torch::Tensor& wp = p.at(prefix + ".weights_pool");
    const torch::Tensor& bp = p.at(prefix + ".bias_pool");
    if (axis == 'S') {
        const torch::Tensor w = torch::einsum("nd,dio->nio", {emb, wp});
        return torch::einsum("bni,nio->bno", {g, w}) + torch::matmul(emb, bp);
    }
    if (axis == 'T') {
        const torch::Tensor w = torch::einsum("bd,dio->bio", {emb, wp});
        return torch::einsum("bni,bio->bno", {g, w}) + torch::matmul(emb, bp).unsqueeze(1);
    }
    const torch::Tensor w = torch::einsum("bnd,dio->bnio", {emb, wp}); // the (B, N, K*C, O) tensor
    return torch::einsum("bni,bnio->bno", {g, w}) + torch::matmul(emb, bp);
}

torch::Tensor cell(const Params& p, const std::string& prefix, const torch::Tensor& x, const torch::Tensor& s,
                   const torch::Tensor& a, const torch::Tensor& emb, char axis, int64_t k, int64_t h)
{
    const torch::Tensor zr = torch::sigmoid(gcn(p, prefix + ".gate", torch::cat({x, s}, -1), a, emb, axis, k));
    const auto parts = torch::split(zr, h, -1);
    const torch::Tensor hc = torch::tanh(gcn(p, prefix + ".update", torch::cat({x, parts[0] * s}, -1), a, emb, axis, k));
    return parts[1] * s + (1 - parts[1]) * hc;
}

torch::Tensor encoder(const Params& p, const std::string& name, const Sizes& z, const torch::Tensor& x,
                      const torch::Tensor& a, const torch::Tensor& emb, char axis)
{
    torch::Tensor current = x;
    for (int64_t l = 0; l < z.layers; ++l) {
        torch::Tensor s = torch::zeros({x.size(0), z.nodes, z.hidden}, x.options());
        std::vector<torch::Tensor> states;
        for (int64_t t = 0; t < x.size(1); ++t) {
            s = cell(p, name + ".cells." + std::to_string(l), current.select(1, t), s, a, emb, axis, z.chebK, z.hidden);
            states.push_back(s);
        }
        current = torch::stack(states, 1);
    }
    return current;
}

torch::Tensor linear(const Params& p, const std::string& name, const torch::Tensor& x)
{
    return torch::matmul(x, p.at(name + ".weight").t()) + p.at(name + ".bias");
}

} // namespace

torch::Tensor forward(const Params& p, const Sizes& z, const torch::Tensor& x, const torch::Tensor& yCov,
                      const torch::Tensor& labels, const std::vector<bool>& teacherForced)
{
    const torch::Tensor e = p.at("node_embedding");
    const torch::Tensor last = x.select(1, x.size(1) - 1).select(1, 0);
    const torch::Tensor tod = (last.select(-1, 1) * static_cast<double>(z.stepsPerDay)).to(torch::kLong);
    const torch::Tensor dow = last.select(-1, 2).to(torch::kLong);
    const torch::Tensor et = torch::cat({p.at("tod_embedding.weight").index({tod}), p.at("dow_embedding.weight").index({dow})}, -1);
    const torch::Tensor as = torch::softmax(torch::relu(torch::mm(e, e.t())), 1);
    const torch::Tensor hs = encoder(p, "encoder_s", z, x, as, e, 'S');
    const torch::Tensor ht = encoder(p, "encoder_t", z, x, as, et, 'T');
    const torch::Tensor h = (hs + ht).select(1, x.size(1) - 1);
    const torch::Tensor est = linear(p, "st_proj", h);
    const torch::Tensor ast = torch::softmax(torch::relu(torch::einsum("bnc,bmc->bnm", {est, est})), -1);
    std::vector<torch::Tensor> states(static_cast<size_t>(z.layers), h);
    torch::Tensor go = torch::zeros({x.size(0), z.nodes, z.outputDim}, x.options());
    std::vector<torch::Tensor> out;
    for (int64_t q = 0; q < z.outSteps; ++q) {
        torch::Tensor inp = torch::cat({go, yCov.select(1, q)}, -1);
        for (int64_t l = 0; l < z.layers; ++l) {
            states[l] = cell(p, "decoder.cells." + std::to_string(l), inp, states[l], ast, est, 'X', z.chebK, z.hidden);
            inp = states[l];
        }
        go = linear(p, "out_proj", states.back());
        out.push_back(go);
        if (labels.defined() && q < static_cast<int64_t>(teacherForced.size()) && teacherForced[q]) go = labels.select(1, q);
    }
    return torch::stack(out, 1);
}

} // namespace himnet::reference
