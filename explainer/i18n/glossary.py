"""The terms as Chinese teaching writes them, chosen once and used by every message (tests/test_catalog.py).

The lecture's slides and its code are in English, so a page in Chinese names the terms it uses with their English
under its title, before their first use (explainer.lesson's Step.terms; the accessibility walk in Chinese checks that
every term a page shows has its English there). The confusion matrix follows the slides (真阳 TP, 假阴 FN) rather
than 西瓜书's 真正例/假反例.
"""

from __future__ import annotations

# English (as the messages write it, matched as a whole word, any case) -> the one Chinese term for it.
GLOSSARY: dict[str, str] = {
    "cross-entropy": "交叉熵",
    "loss": "损失",
    "probability": "概率",
    "one-hot": "独热",
    "confusion matrix": "混淆矩阵",
    "precision": "精确率",
    "recall": "召回率",
    "accuracy": "准确率",
    "true positive": "真阳",
    "false positive": "假阳",
    "false negative": "假阴",
    "true negative": "真阴",
    "gradient": "梯度",
    "learning rate": "学习率",
    "momentum": "动量",
    "batch size": "批大小",
    "mini-batch": "小批量",
    "epoch": "轮",
    "temperature": "温度",
    "label smoothing": "标签平滑",
    "hyperparameter": "超参数",
    "trial": "试验",
    "overfitting": "过拟合",
    "training set": "训练集",
    "test set": "测试集",
    "optimizer": "优化器",
    "distribution": "分布",
    "pruned": "剪枝",
    "weights": "权重",
    "activation": "激活",
}


def bilingual_terms(terms: tuple[str, ...]) -> str:
    """Each term in Chinese with its English beside it.

    >>> bilingual_terms(("cross-entropy", "loss"))
    '交叉熵 cross-entropy · 损失 loss'
    """
    return " · ".join(f"{GLOSSARY[term]} {term}" for term in terms)
