#include "data/python_pickle.h"
#include "core/utf8.h"
#include "core/text.h"
#include "data/text_table.h"
#include "himnet/errors.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace himnet {
namespace {

const std::set<std::string> kArrayMakers{"numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct"};
const std::set<std::string> kBufferReaders{"numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer"}; // protocol 5
const std::set<std::string> kScalarMakers{"numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar"};
const std::set<std::string> kOtherCallables{"numpy.ndarray", "numpy.dtype", "_codecs.encode"};

/// Lists, tuples and dicts nest a few levels deep in plain data (DCRNN's graph: two); deeper
/// nesting is refused, so that nothing walks or frees the result by recursing too deep.
constexpr size_t kMaxNesting = 100;

/// Latin-1 bytes of UTF-8 text whose characters all lie below 256, as Python 3 pickles bytes
/// for Python 2 (`_codecs.encode(text, 'latin1')`); false when one does not.
bool latin1Bytes(const std::string& utf8, std::string& out)
{
    out.clear();
    for (size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) out += static_cast<char>(c);
        else if ((c & 0xE0) == 0xC0 && c <= 0xC3 && i + 1 < utf8.size()) out += static_cast<char>(((c & 0x1F) << 6) | (utf8[++i] & 0x3F));
        else return false;
    }
    return true;
}

/// "<f4" from a dtype's code ("f4", "<f4") and byte order ("<", ">", "|", "=": this machine's,
/// and pickles are written on little-endian ones).
std::string dtypeDescriptor(std::string code, const std::string& order)
{
    if (!code.empty() && (code[0] == '<' || code[0] == '>' || code[0] == '|' || code[0] == '=')) {
        if (code[0] == '=') code[0] = '<';
        return code;
    }
    return (order.empty() || order == "=" ? std::string("<") : order) + code;
}

class Unpickler {
public:
    Unpickler(std::string bytes, std::string path) : m_bytes(std::move(bytes)), m_path(std::move(path)) {}
    Unpickler(const Unpickler&) = delete;
    Unpickler& operator=(const Unpickler&) = delete;

    /// Takes apart every value made that the caller does not get (all of them when reading
    /// failed): a pickle may put a list inside itself, which shared ownership would never free,
    /// or nest lists deeper than freeing them one inside another could recurse.
    ~Unpickler()
    {
        for (const auto& v : m_made)
            if (!m_kept.count(v.get())) v->items.clear();
    }

    PickleRef run()
    {
        while (true) {
            const size_t opcodeAt = m_at;
            const auto op = static_cast<unsigned char>(*take(1));
            switch (op) {
            case 0x80: take(1); break;                 // PROTO
            case 0x95: take(8); break;                 // FRAME
            case '(': m_marks.push_back(m_stack.size()); break;
            case '.': return finish(pop());            // STOP
            case ']': push(newValue(PickleValue::Kind::List)); break;
            case '}': push(newValue(PickleValue::Kind::Dict)); break;
            case ')': push(newValue(PickleValue::Kind::Tuple)); break;
            case 'l': case 't': case 'd': {            // LIST, TUPLE, DICT from the mark
                auto v = newValue(op == 'l' ? PickleValue::Kind::List : op == 't' ? PickleValue::Kind::Tuple : PickleValue::Kind::Dict);
                v->items = popToMark();
                if (op == 'd' && v->items.size() % 2) fail("damaged pickle: a dict of an odd number of keys and values", opcodeAt);
                push(v);
                break;
            }
            case 0x85: case 0x86: case 0x87: {         // TUPLE1..3
                auto v = newValue(PickleValue::Kind::Tuple);
                v->items.resize(op - 0x84);
                for (size_t i = v->items.size(); i-- > 0;) v->items[i] = pop(opcodeAt);
                push(v);
                break;
            }
            case 'a': {                                // APPEND
                PickleRef item = pop(opcodeAt);
                container(PickleValue::Kind::List, opcodeAt)->items.push_back(item);
                break;
            }
            case 'e': {                                // APPENDS
                std::vector<PickleRef> items = popToMark();
                auto& list = container(PickleValue::Kind::List, opcodeAt)->items;
                list.insert(list.end(), items.begin(), items.end());
                break;
            }
            case 's': {                                // SETITEM
                PickleRef value = pop(opcodeAt), key = pop(opcodeAt);
                auto& dict = container(PickleValue::Kind::Dict, opcodeAt)->items;
                dict.push_back(key);
                dict.push_back(value);
                break;
            }
            case 'u': {                                // SETITEMS
                std::vector<PickleRef> items = popToMark();
                if (items.size() % 2) fail("damaged pickle: an odd number of keys and values", opcodeAt);
                auto& dict = container(PickleValue::Kind::Dict, opcodeAt)->items;
                dict.insert(dict.end(), items.begin(), items.end());
                break;
            }
            case 'N': push(newValue(PickleValue::Kind::None)); break;
            case 'I': {                                // INT as text; "00" and "01" are False and True
                const std::string text = line();
                if (text == "00" || text == "01") {
                    auto v = newValue(PickleValue::Kind::Bool);
                    v->integer = text == "01";
                    push(v);
                } else {
                    pushInt(integerText(text, opcodeAt));
                }
                break;
            }
            case 'L': {                                // LONG as text, "12L" (Python 2) or "12"
                std::string text = line();
                if (!text.empty() && text.back() == 'L') text.pop_back();
                pushInt(integerText(text, opcodeAt));
                break;
            }
            case 'F': {                                // FLOAT as text (repr)
                const std::string text = line();
                auto v = newValue(PickleValue::Kind::Float);
                if (!parseNumber(text, v->real)) fail("damaged pickle: '" + text + "' is no number", opcodeAt);
                push(v);
                break;
            }
            case 'S': {                                // STRING: a Python 2 str (bytes) as its repr
                auto v = newValue(PickleValue::Kind::Bytes);
                v->text = quotedBytes(line(), opcodeAt);
                push(v);
                break;
            }
            case 'V': {                                // UNICODE, raw-unicode-escape
                auto v = newValue(PickleValue::Kind::Text);
                v->text = rawUnicodeEscaped(line(), opcodeAt);
                push(v);
                break;
            }
            case 0x88: case 0x89: {                    // NEWTRUE, NEWFALSE
                auto v = newValue(PickleValue::Kind::Bool);
                v->integer = op == 0x88;
                push(v);
                break;
            }
            case 'J': pushInt(static_cast<int32_t>(little(4))); break;
            case 'K': pushInt(static_cast<int64_t>(little(1))); break;
            case 'M': pushInt(static_cast<int64_t>(little(2))); break;
            case 0x8a: case 0x8b: {                    // LONG1, LONG4: little-endian two's complement
                const uint64_t n = little(op == 0x8a ? 1 : 4);
                if (n > 8) fail("holds an integer of " + std::to_string(n) + " bytes, beyond 64 bits", opcodeAt);
                uint64_t u = little(static_cast<size_t>(n));
                if (n > 0 && n < 8 && (u >> (8 * n - 1)) & 1) u |= ~uint64_t{0} << (8 * n); // negative
                pushInt(static_cast<int64_t>(u));
                break;
            }
            case 'G': {                                // BINFLOAT, big-endian
                const char* p = take(8);
                uint64_t bits = 0;
                for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<unsigned char>(p[i]);
                auto v = newValue(PickleValue::Kind::Float);
                std::memcpy(&v->real, &bits, sizeof bits);
                push(v);
                break;
            }
            case 'X': pushString(PickleValue::Kind::Text, little(4)); break;
            case 0x8c: pushString(PickleValue::Kind::Text, little(1)); break;
            case 0x8d: pushString(PickleValue::Kind::Text, little(8)); break;
            case 'T': case 'B': pushString(PickleValue::Kind::Bytes, little(4)); break;
            case 'U': case 'C': pushString(PickleValue::Kind::Bytes, little(1)); break;
            case 0x8e: case 0x96: pushString(PickleValue::Kind::Bytes, little(8)); break;
            case 'c': {                                // GLOBAL "module\nname\n"
                const std::string module = line(), name = line();
                pushCallable(module + "." + name, opcodeAt);
                break;
            }
            case 0x93: {                               // STACK_GLOBAL
                const PickleRef name = pop(opcodeAt), module = pop(opcodeAt);
                if (name->kind != PickleValue::Kind::Text || module->kind != PickleValue::Kind::Text)
                    fail("damaged pickle: a callable named by no text", opcodeAt);
                pushCallable(module->text + "." + name->text, opcodeAt);
                break;
            }
            case 'R': reduce(opcodeAt); break;
            case 'b': build(opcodeAt); break;
            case 'q': m_memo[little(1)] = top(opcodeAt); break;
            case 'r': m_memo[little(4)] = top(opcodeAt); break;
            case 0x94: m_memo[m_memo.size()] = top(opcodeAt); break;
            case 'p': m_memo[number(line(), opcodeAt)] = top(opcodeAt); break;
            case 'h': push(remembered(little(1), opcodeAt)); break;
            case 'j': push(remembered(little(4), opcodeAt)); break;
            case 'g': push(remembered(number(line(), opcodeAt), opcodeAt)); break;
            case '0': pop(opcodeAt); break;
            case '1': popToMark(); break;
            case '2': push(top(opcodeAt)); break;
            default: {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02x", op);
                fail(std::string("uses pickle opcode ") + hex
                         + ", which is not read here: only plain data is (lists, dicts, strings, numbers, NumPy arrays)",
                     opcodeAt);
            }
            }
        }
    }

private:
    PickleRef newValue(PickleValue::Kind kind)
    {
        auto v = std::make_shared<PickleValue>();
        v->kind = kind;
        m_made.push_back(v);
        return v;
    }

    [[noreturn]] void fail(const std::string& why, size_t at) const
    {
        throw InputError(describeProblem(m_path, why + " (byte " + std::to_string(at) + ")"));
    }

    const char* take(size_t n)
    {
        if (m_bytes.size() - m_at < n) fail("truncated pickle: it ends before its last entry", m_at);
        const char* p = m_bytes.data() + m_at;
        m_at += n;
        return p;
    }

    uint64_t little(size_t n)
    {
        const char* p = take(n);
        uint64_t value = 0;
        for (size_t i = n; i-- > 0;) value = (value << 8) | static_cast<unsigned char>(p[i]);
        return value;
    }

    std::string line()
    {
        const size_t end = m_bytes.find('\n', m_at);
        if (end == std::string::npos) fail("truncated pickle: a name without its line break", m_at);
        std::string text = m_bytes.substr(m_at, end - m_at);
        m_at = end + 1;
        return text;
    }

    int64_t integerText(const std::string& text, size_t at) const
    {
        const bool plus = !text.empty() && text[0] == '+'; // which from_chars does not take
        int64_t value = 0;
        if (!parseWholeNumber(plus ? text.substr(1) : text, value) || (plus && text.size() > 1 && text[1] == '-'))
            fail("damaged pickle: '" + text + "' is no integer (or one beyond 64 bits)", at);
        return value;
    }

    /// The bytes of a Python 2 str written as its repr: quoted with ' or ", with the escapes
    /// repr writes (\\ \' \" \n \r \t \xNN) and octal ones.
    std::string quotedBytes(const std::string& text, size_t at) const
    {
        if (text.size() < 2 || (text[0] != '\'' && text[0] != '"') || text.back() != text[0])
            fail("damaged pickle: a string that is not quoted", at);
        std::string out;
        for (size_t i = 1; i + 1 < text.size(); ++i) {
            if (text[i] != '\\') {
                out += text[i];
                continue;
            }
            if (++i + 1 >= text.size()) fail("damaged pickle: a string that ends in an escape", at);
            const char c = text[i];
            const auto hex = [&](size_t from, size_t count) {
                if (from + count >= text.size()) fail("damaged pickle: a cut escape in a string", at);
                const std::string digits = text.substr(from, count);
                if (digits.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) fail("damaged pickle: a bad escape in a string", at);
                return std::stoul(digits, nullptr, 16);
            };
            switch (c) {
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'a': out += '\a'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'v': out += '\v'; break;
            case 'x': out += static_cast<char>(hex(i + 1, 2)); i += 2; break;
            case '\\': case '\'': case '"': out += c; break;
            default:
                if (c >= '0' && c <= '7') { // up to three octal digits
                    unsigned value = 0;
                    size_t n = 0;
                    for (; n < 3 && i + n + 1 < text.size() && text[i + n] >= '0' && text[i + n] <= '7'; ++n) value = value * 8 + static_cast<unsigned>(text[i + n] - '0');
                    out += static_cast<char>(value & 0xFF);
                    i += n - 1;
                } else {
                    out += '\\'; // Python keeps an unknown escape as it is
                    out += c;
                }
            }
        }
        return out;
    }

    /// UTF-8 text from raw-unicode-escape: Latin-1 bytes, and \uXXXX or \UXXXXXXXX for the rest
    /// (Python 3 writes a backslash and a line break so too).
    std::string rawUnicodeEscaped(const std::string& text, size_t at) const
    {
        std::string out;
        const auto append = [&out](uint32_t code) { appendUtf8(out, code); };
        for (size_t i = 0; i < text.size(); ++i) {
            const size_t digits = text[i] == '\\' && i + 1 < text.size() ? (text[i + 1] == 'u' ? 4 : text[i + 1] == 'U' ? 8 : 0) : 0;
            if (digits == 0) {
                append(static_cast<unsigned char>(text[i]));
                continue;
            }
            const std::string hex = text.substr(i + 2, digits);
            if (hex.size() != digits || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
                fail("damaged pickle: a bad \\u escape in a string", at);
            const unsigned long code = std::stoul(hex, nullptr, 16);
            if (code > 0x10FFFF) fail("damaged pickle: a character beyond Unicode in a string", at);
            append(static_cast<uint32_t>(code));
            i += 1 + digits;
        }
        return out;
    }

    uint64_t number(const std::string& text, size_t at) const
    {
        uint64_t value = 0;
        if (!parseWholeNumber(text, value)) fail("damaged pickle: '" + text + "' is no memo index", at);
        return value;
    }

    void push(PickleRef v) { m_stack.push_back(std::move(v)); }

    PickleRef& top(size_t at)
    {
        if (m_stack.empty() || (!m_marks.empty() && m_marks.back() >= m_stack.size())) fail("damaged pickle: an entry refers to nothing", at);
        return m_stack.back();
    }

    PickleRef pop(size_t at = 0)
    {
        PickleRef v = top(at);
        m_stack.pop_back();
        return v;
    }

    std::vector<PickleRef> popToMark()
    {
        if (m_marks.empty()) fail("damaged pickle: a group without its start", m_at);
        const size_t from = m_marks.back();
        m_marks.pop_back();
        std::vector<PickleRef> items(m_stack.begin() + static_cast<std::ptrdiff_t>(from), m_stack.end());
        m_stack.resize(from);
        return items;
    }

    PickleRef container(PickleValue::Kind kind, size_t at)
    {
        PickleRef& target = top(at);
        if (target->kind != kind) fail("damaged pickle: items added to what is no " + std::string(kind == PickleValue::Kind::List ? "list" : "dict"), at);
        return target;
    }

    PickleRef remembered(uint64_t index, size_t at) const
    {
        const auto it = m_memo.find(index);
        if (it == m_memo.end()) fail("damaged pickle: it refers back to entry " + std::to_string(index) + ", which it never made", at);
        return it->second;
    }

    void pushInt(int64_t value)
    {
        auto v = newValue(PickleValue::Kind::Int);
        v->integer = value;
        push(v);
    }

    void pushString(PickleValue::Kind kind, uint64_t size)
    {
        auto v = newValue(kind);
        v->text.assign(take(static_cast<size_t>(size)), static_cast<size_t>(size));
        push(v);
    }

    void pushCallable(const std::string& name, size_t at)
    {
        if (!kArrayMakers.count(name) && !kBufferReaders.count(name) && !kScalarMakers.count(name) && !kOtherCallables.count(name))
            fail("holds a Python object made by " + name
                     + ", which is not read here: only plain data (lists, dicts, strings, numbers, NumPy arrays) is",
                 at);
        auto v = newValue(PickleValue::Kind::Callable);
        v->text = name;
        push(v);
    }

    void reduce(size_t at)
    {
        const PickleRef args = pop(at), callable = pop(at);
        if (callable->kind != PickleValue::Kind::Callable || args->kind != PickleValue::Kind::Tuple)
            fail("damaged pickle: a call of what is no callable", at);
        const std::string& name = callable->text;
        const auto& a = args->items;
        if (kArrayMakers.count(name)) {
            push(newValue(PickleValue::Kind::NewArray));
        } else if (kBufferReaders.count(name) && a.size() == 4 && a[0]->kind == PickleValue::Kind::Bytes
                   && a[1]->kind == PickleValue::Kind::DType && a[2]->kind == PickleValue::Kind::Tuple && a[3]->isText()) {
            push(newArray(a[0]->text, a[1]->text, *a[2], a[3]->text == "F", at)); // (buffer, dtype, shape, order)
        } else if (name == "numpy.dtype" && !a.empty() && a[0]->isText()) {
            auto v = newValue(PickleValue::Kind::DType);
            v->text = a[0]->text;
            push(v);
        } else if (name == "_codecs.encode" && a.size() == 2 && a[0]->kind == PickleValue::Kind::Text && a[1]->isText()
                   && (a[1]->text == "latin1" || a[1]->text == "latin-1")) {
            auto v = newValue(PickleValue::Kind::Bytes);
            if (!latin1Bytes(a[0]->text, v->text)) fail("damaged pickle: bytes that are not Latin-1", at);
            push(v);
        } else if (kScalarMakers.count(name) && a.size() == 2 && a[0]->kind == PickleValue::Kind::DType && a[1]->kind == PickleValue::Kind::Bytes) {
            const NpyArray one = decodeNumpyData(a[1]->text, dtypeDescriptor(a[0]->text, ""), {}, false, m_path);
            if (one.isInteger) pushInt(one.integer.at(0));
            else {
                auto v = newValue(PickleValue::Kind::Float);
                v->real = one.real.at(0);
                push(v);
            }
        } else {
            fail("holds a call of " + name + " that is not read here", at);
        }
    }

    void build(size_t at)
    {
        const PickleRef state = pop(at);
        PickleRef& target = top(at);
        if (target->kind == PickleValue::Kind::DType) { // (version, byte order, …)
            if (state->kind == PickleValue::Kind::Tuple && state->items.size() > 1 && state->items[1]->isText())
                target->text = dtypeDescriptor(target->text, state->items[1]->text);
            return;
        }
        if (target->kind != PickleValue::Kind::NewArray || state->kind != PickleValue::Kind::Tuple
            || (state->items.size() != 4 && state->items.size() != 5))
            fail("holds a Python object whose state is not read here", at);
        const size_t first = state->items.size() - 4; // (version,) shape, dtype, Fortran order, data
        const PickleValue &shape = *state->items[first], &dtype = *state->items[first + 1], &fortran = *state->items[first + 2],
                          &data = *state->items[first + 3];
        if (shape.kind != PickleValue::Kind::Tuple || dtype.kind != PickleValue::Kind::DType) fail("damaged pickle: an array without shape or dtype", at);
        if (data.kind != PickleValue::Kind::Bytes)
            fail("holds a NumPy array of Python objects (dtype " + dtype.text + "), which is not read here: only numbers are", at);
        const PickleRef made = newArray(data.text, dtype.text, shape, fortran.integer != 0, at);
        target->kind = PickleValue::Kind::Array; // in place: the memo holds the same array
        target->array = std::move(made->array);
    }

    PickleRef newArray(const std::string& data, const std::string& dtype, const PickleValue& shape, bool fortran, size_t at)
    {
        std::vector<int64_t> dims;
        for (const auto& d : shape.items) {
            if (d->kind != PickleValue::Kind::Int || d->integer < 0) fail("damaged pickle: an array's shape is not of sizes", at);
            dims.push_back(d->integer);
        }
        auto v = newValue(PickleValue::Kind::Array);
        v->array = decodeNumpyData(data, dtypeDescriptor(dtype, ""), dims, fortran, m_path);
        return v;
    }

    /// The result, once nothing in it is left half-made (a constructor never called, say), nor
    /// holds itself, nor nests deeper than kMaxNesting. Walked depth first without recursion.
    PickleRef finish(PickleRef result)
    {
        enum class Walk { Entered, Left };
        std::unordered_map<const PickleValue*, Walk> walked{{result.get(), Walk::Entered}};
        struct Step {
            const PickleValue* value;
            size_t nextItem;
        };
        std::vector<Step> path{{result.get(), 0}};
        while (!path.empty()) {
            const PickleValue* v = path.back().value;
            const size_t item = path.back().nextItem++;
            if (item == 0 && (v->kind == PickleValue::Kind::Callable || v->kind == PickleValue::Kind::DType || v->kind == PickleValue::Kind::NewArray))
                fail("holds a Python object that is not read here" + (v->text.empty() ? std::string() : " (" + v->text + ")"), m_at);
            if (item == v->items.size()) {
                walked[v] = Walk::Left;
                path.pop_back();
                continue;
            }
            const PickleValue* next = v->items[item].get();
            const auto [it, isNew] = walked.emplace(next, Walk::Entered);
            if (!isNew) {
                if (it->second == Walk::Entered) fail("holds a list, tuple or dict that contains itself, which plain data does not", m_at);
                continue;
            }
            if (path.size() == kMaxNesting)
                fail("nests lists, tuples and dicts more than " + std::to_string(kMaxNesting) + " deep, which plain data does not", m_at);
            path.push_back({next, 0});
        }
        for (const auto& [value, walk] : walked) m_kept.insert(value);
        return result;
    }

    std::string m_bytes, m_path;
    size_t m_at = 0;
    std::vector<PickleRef> m_stack;
    std::vector<size_t> m_marks;
    std::unordered_map<uint64_t, PickleRef> m_memo;
    std::vector<PickleRef> m_made;                 ///< every value made, for the destructor
    std::unordered_set<const PickleValue*> m_kept; ///< those the caller gets: the result and all in it
};

std::string pickleBytes(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw InputError(describeProblem(path, "file not found"));
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) throw InputError(describeProblem(path, "cannot be read"));
    return bytes;
}

} // namespace

PickleRef readPickle(const std::string& path)
{
    std::string bytes = pickleBytes(path);
    if (bytes.empty()) throw InputError(describeProblem(path, "file is empty"));
    if (static_cast<unsigned char>(bytes[0]) == 0x80) {
        if (bytes.size() < 2 || bytes[1] < 2 || bytes[1] > 5)
            throw InputError(describeProblem(path, "is a Python pickle of a protocol other than 0 to 5"));
    } else if (bytes.back() != '.' || std::string("(]})cNILFSVXUTKJMG").find(bytes[0]) == std::string::npos) {
        // Protocols 0 and 1 have no header: they begin with a value and end with STOP.
        throw InputError(describeProblem(path, "is no Python pickle, or one cut short"));
    }
    return Unpickler(std::move(bytes), path).run();
}

} // namespace himnet
