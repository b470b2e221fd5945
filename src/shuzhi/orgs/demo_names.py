"""Word pools for the fictional demo city. No real place or person is named."""

CITY = ("QL", "中共青岚市委", "青岚市")
COUNTIES = [
    ("清河县", 14),
    ("云溪县", 13),
    ("石门县", 12),
    ("松阳县", 12),
    ("柳塘县", 11),
    ("白沙区", 11),
    ("东湖区", 10),
    ("北山县", 10),
    ("临川市", 11),
]
ZONES = [("青岚经济技术开发区", 9), ("青岚高新技术产业开发区", 9)]
PLACE_SYLLABLES = (
    "安宁丰和平乐永兴康泰嘉禾长青瑞祥福源金桥银杏桃花梅岭竹溪枫林柏树杨柳荷塘凤凰龙泉"
    "玉山石湾沙河新桥古城南湖北岸西岗东坪上塘下庄前洋后垄中和大坝小溪高岭低洼"
)
VILLAGE_SUFFIXES = ("村",)
COMMUNITY_SUFFIXES = ("社区",)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
)
GIVEN_CHARS = (
    "建国志强海军丽娟秀英伟明红梅文华晓东春燕立新永刚桂兰振华玉珍德胜淑芬子涵浩然思远"
    "欣怡雨轩宇航佳琪俊杰婷婷鹏飞晓峰丹凤云龙海燕卫东学军利民小平宏伟金凤瑞雪安邦"
)
CITY_DEPARTMENTS = [
    ("市教育局党组", "leading_group", "government"),
    ("市卫生健康委员会党组", "leading_group", "government"),
    ("市农业农村局党组", "leading_group", "government"),
    ("青岚城市建设投资集团党委", "party_committee", "soe"),
    ("青岚交通发展集团党委", "party_committee", "soe"),
    ("青岚市第一人民医院党委", "party_committee", "hospital"),
    ("青岚学院党委", "party_committee", "university"),
    ("青岚市第一中学党委", "party_committee", "school"),
    ("市农业科学研究院党委", "party_committee", "institution"),
    ("市律师行业党委", "party_committee", "social"),
    ("青岚新材料产业园非公企业党委", "party_committee", "non_public"),
]
COUNTY_DEPARTMENTS = [
    ("教育局党组", "leading_group", "government"),
    ("人民医院党委", "party_committee", "hospital"),
    ("第一中学党支部", "branch", "school"),
]
