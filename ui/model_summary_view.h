#pragma once
// Shows what a model file holds: configuration, parameter count and every tensor's shape.
// Displays a copy of the summary it is given; owns no engine data.
#include "himnet/model_file.h"

#include <QTreeWidget>

class ModelSummaryView : public QTreeWidget {
    Q_OBJECT
public:
    explicit ModelSummaryView(QWidget* parent = nullptr);
    /// `unitSuffix` (" mph") follows the validation loss, which is in the data's unit.
    void showSummary(const himnet::ModelFileSummary& summary, const QString& unitSuffix = {});
    /// No model: one line saying how to get one, rather than an empty table.
    void showNoModel();
};
