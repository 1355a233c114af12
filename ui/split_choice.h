#pragma once
// How the data is split for training, chosen and seen before training starts: by time with
// the training and validation shares (the test period gets the rest), or by the split file
// that came with the data (the reference's index.npz); how days of week never seen in
// training are treated; and what that gives — each period's dates and windows, and the days
// training will not see — or why the data cannot be split so.
// It owns no data: it reads the session's dataset and fills TrainingOptions.
#include "himnet/model_file.h"
#include "himnet/training.h"

#include <QObject>
#include <QString>

class QComboBox;
class QFormLayout;
class QLabel;
class QSpinBox;
class QWidget;
class StudioSession;

class SplitChoice : public QObject {
    Q_OBJECT
public:
    /// The controls are children of `parent`, which places them with addRowsTo().
    SplitChoice(StudioSession* session, QWidget* parent);

    /// Adds the rows Split, Train / validation and Days of week, and the plan below them.
    void addRowsTo(QFormLayout* form);
    /// Starts from a preset's ratios, window lengths and temporal context.
    void setPreset(const himnet::TrainingOptions& preset);
    /// Writes the split file or the ratios, and the temporal context, into `options`.
    void applyTo(himnet::TrainingOptions& options) const;
    /// Whether the session's data can be split as chosen.
    bool canSplit() const { return m_canSplit; }
    void setEnabled(bool enabled);

    QComboBox* splitBox() const { return m_split; }
    QSpinBox* trainPercentBox() const { return m_trainPercent; }
    QSpinBox* valPercentBox() const { return m_valPercent; }
    QComboBox* contextBox() const { return m_context; }
    QLabel* planLabel() const { return m_plan; }

Q_SIGNALS:
    /// The data can, or can no longer, be split as chosen.
    void canSplitChanged(bool canSplit);

private:
    /// Offers the split file of the session's data, chosen when there is one.
    void offerSplitFile();
    void updatePlan();

    StudioSession* m_session;
    QComboBox* m_split;      ///< item data: the split file's path; empty for by time
    QSpinBox *m_trainPercent, *m_valPercent;
    QLabel* m_testPercent;
    QComboBox* m_context;    ///< item data: himnet::TemporalContext
    QLabel* m_plan;
    QWidget* m_ratios;       ///< the two shares and the test's, in one row
    himnet::TrainingOptions m_preset;
    bool m_canSplit = false;
};

/// How a checkpoint's training split its data, as the Model tab and Continue say it: "By time,
/// 70 / 10 / 20 % (training / validation / test)", "By index.npz, 2000 / 300 / 553 windows
/// (training / validation / test), kept in the checkpoint".
QString splitText(const himnet::SplitSummary& split);
