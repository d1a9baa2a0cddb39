# 各部分共用的詞。
lang-name = { $lang ->
    [zh-Hant] 繁體中文
    [zh-Hans] 簡體中文
   *[en] 英文
}
runs = { $n } 場
amount = { YUAN($amount) }
years = { $n }年
quoted = 「{ $text }」
