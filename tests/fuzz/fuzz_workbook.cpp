// An Excel workbook (.xlsx) of readings, read as a series and put on a regular time axis. Bytes
// that start as a zip archive does are the workbook itself. Any other bytes are its XML parts,
// separated by NUL bytes, in this order: the worksheet, the shared strings, the styles, the
// workbook part, its relationships. They are stored in a workbook (whose checksums mutated
// bytes would otherwise break before the XML is reached), parts not given as a minimal
// workbook has them.
#include "data/series_readers.h"
#include "data/time_grid.h"
#include "fuzz_input.h"
#include "stored_zip.h"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

namespace himnet::fuzzing {
namespace {

constexpr const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string relationship(const std::string& id, const std::string& type, const std::string& target)
{
    return "<Relationship Id=\"" + id + "\" Type=\"" + kRelationships + "/" + type + "\" Target=\"" + target + "\"/>";
}

std::string relationships(const std::string& items)
{
    return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
                       "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
        + items + "</Relationships>";
}

/// The workbook's members: `parts` (NUL-separated) in the order the file's comment gives.
std::vector<std::pair<std::string, std::string>> workbookMembers(const std::string& parts)
{
    std::vector<std::string> given;
    for (size_t begin = 0; begin <= parts.size() && given.size() < 5;) {
        const size_t end = std::min(parts.find('\0', begin), parts.size());
        given.push_back(parts.substr(begin, end - begin));
        begin = end + 1;
    }
    given.resize(5);
    const std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    if (given[1].empty()) given[1] = xml + "<sst xmlns=\"" + kMain + "\"/>";
    if (given[2].empty()) given[2] = xml + "<styleSheet xmlns=\"" + kMain + "\"/>";
    if (given[3].empty())
        given[3] = xml + "<workbook xmlns=\"" + kMain + "\" xmlns:r=\"" + kRelationships
            + "\"><sheets><sheet name=\"Readings\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    if (given[4].empty())
        given[4] = relationships(relationship("rId1", "worksheet", "worksheets/sheet1.xml")
                                 + relationship("rId2", "sharedStrings", "sharedStrings.xml") + relationship("rId3", "styles", "styles.xml"));
    return {{"_rels/.rels", relationships(relationship("rId1", "officeDocument", "xl/workbook.xml"))},
            {"xl/workbook.xml", given[3]},
            {"xl/_rels/workbook.xml.rels", given[4]},
            {"xl/worksheets/sheet1.xml", given[0]},
            {"xl/sharedStrings.xml", given[1]},
            {"xl/styles.xml", given[2]}};
}

} // namespace

void fuzzWorkbook(const uint8_t* data, size_t size)
{
    std::string book(reinterpret_cast<const char*>(data), size);
    if (size < 4 || std::memcmp(data, "PK\x03\x04", 4) != 0) book = testing::storedZip(workbookMembers(book));
    const std::string path = writeInput(reinterpret_cast<const uint8_t*>(book.data()), book.size(), "readings.xlsx");
    readOrRefuse(path, [&] {
        SeriesData s = readTableSeries(path);
        requireUtf8(s.sensorIds, path);
        placeOnRegularGrid(s, path, {}, Aggregation::Mean, 0.0f);
    });
}

} // namespace himnet::fuzzing
