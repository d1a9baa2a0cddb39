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
# 列表參數（t() 收到 list 時）之間的分隔符。
list-sep = {"、"}
# 一個後端的名稱：offline 以文字說明，其他後端（openai:MODEL 等）原樣顯示其 id。
backend = { $spec ->
    [offline] 離線規則引擎
   *[other] { $spec }
}
