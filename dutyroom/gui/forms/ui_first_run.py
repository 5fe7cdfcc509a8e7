# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'first_run.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QLabel, QLineEdit, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

class Ui_FirstRunDialog(object):
    def setupUi(self, FirstRunDialog):
        if not FirstRunDialog.objectName():
            FirstRunDialog.setObjectName(u"FirstRunDialog")
        FirstRunDialog.resize(480, 380)
        self.mainLayout = QVBoxLayout(FirstRunDialog)
        self.mainLayout.setSpacing(10)
        self.mainLayout.setObjectName(u"mainLayout")
        self.mainLayout.setContentsMargins(28, 24, 28, 20)
        self.titleLabel = QLabel(FirstRunDialog)
        self.titleLabel.setObjectName(u"titleLabel")

        self.mainLayout.addWidget(self.titleLabel)

        self.introLabel = QLabel(FirstRunDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setHorizontalSpacing(12)
        self.formLayout.setVerticalSpacing(10)
        self.usernameLabel = QLabel(FirstRunDialog)
        self.usernameLabel.setObjectName(u"usernameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.usernameLabel)

        self.usernameEdit = QLineEdit(FirstRunDialog)
        self.usernameEdit.setObjectName(u"usernameEdit")
        self.usernameEdit.setMaxLength(32)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.usernameEdit)

        self.displayNameLabel = QLabel(FirstRunDialog)
        self.displayNameLabel.setObjectName(u"displayNameLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.displayNameLabel)

        self.displayNameEdit = QLineEdit(FirstRunDialog)
        self.displayNameEdit.setObjectName(u"displayNameEdit")
        self.displayNameEdit.setMaxLength(30)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.displayNameEdit)

        self.passwordLabel = QLabel(FirstRunDialog)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.passwordLabel)

        self.passwordEdit = QLineEdit(FirstRunDialog)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setMaxLength(128)
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.passwordEdit)

        self.confirmLabel = QLabel(FirstRunDialog)
        self.confirmLabel.setObjectName(u"confirmLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.confirmLabel)

        self.confirmEdit = QLineEdit(FirstRunDialog)
        self.confirmEdit.setObjectName(u"confirmEdit")
        self.confirmEdit.setMaxLength(128)
        self.confirmEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.confirmEdit)


        self.mainLayout.addLayout(self.formLayout)

        self.messageLabel = QLabel(FirstRunDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.messageLabel)

        self.verticalSpacer = QSpacerItem(20, 4, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.verticalSpacer)

        self.buttonBox = QDialogButtonBox(FirstRunDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.usernameLabel.setBuddy(self.usernameEdit)
        self.displayNameLabel.setBuddy(self.displayNameEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
        self.confirmLabel.setBuddy(self.confirmEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.usernameEdit, self.displayNameEdit)
        QWidget.setTabOrder(self.displayNameEdit, self.passwordEdit)
        QWidget.setTabOrder(self.passwordEdit, self.confirmEdit)

        self.retranslateUi(FirstRunDialog)

        QMetaObject.connectSlotsByName(FirstRunDialog)
    # setupUi

    def retranslateUi(self, FirstRunDialog):
        FirstRunDialog.setWindowTitle(QCoreApplication.translate("FirstRunDialog", u"\u521b\u5efa\u7ba1\u7406\u5458\u8d26\u6237 \u2014 DutyRoom \u503c\u73ed\u5ba4", None))
        self.titleLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u6b22\u8fce\u4f7f\u7528 DutyRoom \u503c\u73ed\u5ba4", None))
        self.introLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u8fd9\u662f\u4e00\u4e2a\u65b0\u7684\u6570\u636e\u6587\u4ef6\uff0c\u8fd8\u6ca1\u6709\u4efb\u4f55\u8d26\u6237\u3002\u8bf7\u5148\u521b\u5efa\u7cfb\u7edf\u7ba1\u7406\u5458\u8d26\u6237\uff1a\u7ba1\u7406\u5458\u8d1f\u8d23\u5efa\u7acb\u5176\u4ed6\u4eba\u5458\u7684\u8d26\u6237\u3001\u8bbe\u7f6e\u89d2\u8272\u548c\u5907\u4efd\u6570\u636e\u3002\u8bf7\u7262\u8bb0\u5bc6\u7801\uff0c\u5b83\u4e0d\u4f1a\u4ee5\u660e\u6587\u4fdd\u5b58\u5728\u4efb\u4f55\u5730\u65b9\u3002", None))
        self.usernameLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u7528\u6237\u540d(&U)", None))
        self.usernameEdit.setText(QCoreApplication.translate("FirstRunDialog", u"admin", None))
        self.displayNameLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u59d3\u540d(&N)", None))
        self.displayNameEdit.setText(QCoreApplication.translate("FirstRunDialog", u"\u7cfb\u7edf\u7ba1\u7406\u5458", None))
        self.passwordLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u5bc6\u7801(&P)", None))
        self.passwordEdit.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"\u81f3\u5c118\u4f4d\uff0c\u987b\u5305\u542b\u5b57\u6bcd\u548c\u6570\u5b57", None))
        self.confirmLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u786e\u8ba4\u5bc6\u7801(&C)", None))
        self.messageLabel.setText("")
    # retranslateUi

