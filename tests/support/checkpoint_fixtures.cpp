#include "checkpoint_fixtures.h"
#include "train/checkpoint.h"

namespace himnet::testing {

void writeWithoutZoneHistory(const std::string& from, const std::string& to)
{
    Checkpoint older = readCheckpoint(from);
    for (auto& epoch : older.history) epoch.zones.reset();
    writeCheckpoint(to, older);
}

} // namespace himnet::testing
