/// Words the generator builds Chinese names and titles from.
enum Vocabulary {
    /// Place-name stems for streets and communities.
    static let places: [String] = [
        "北京路", "人民路", "解放路", "中山路", "建设路", "和平里", "新华路", "朝阳", "光明", "东风",
        "胜利", "幸福", "团结", "友谊", "长江路", "黄河路", "春晖", "锦绣", "银杏", "桂花",
        "翠竹", "清水", "滨江", "湖滨", "望江", "青山", "白云", "金山", "龙泉", "凤凰",
        "花园", "文化", "府前", "钟楼", "鼓楼", "西湖", "东湖", "南湖", "北湖", "天河",
        "沙河", "柳林", "杨柳", "枫林", "梅林", "桃源", "松山", "石桥", "五一", "八一",
        "三元", "双井", "万寿", "太平", "永安", "安定", "德胜", "广安", "盐运西", "广卫",
        "西湖路", "大南路", "惠新", "流水井", "登峰", "洪桥", "六榕", "光塔", "诗书", "华乐",
        "梅花村", "黄花岗", "农林", "东山", "大塘", "白云路", "矿泉", "建设新村", "登瀛", "仓边",
        "文德", "大新", "长寿", "金花", "彩虹", "逢源", "多宝", "昌华", "华林", "岭南",
        "南源", "西村", "站前", "桥中", "石围塘", "冲口", "花地", "东漖", "海龙", "茶滘",
    ]

    static let communitySuffixes = ["社区", "东社区", "西社区", "南社区", "北社区", "新村社区", "花园社区", "苑社区", "里社区"]
    static let streetSuffixes = ["", "东", "西", "南", "北", "中"]
    static let districts = ["越秀", "海珠", "荔湾", "天河", "白云", "黄埔", "番禺", "花都", "南沙", "从化",
                            "增城", "东城", "西城", "江岸", "江北", "高新", "滨湖", "开元"]

    /// Surnames with rough frequency weights (the common ones far more common).
    static let surnames: [(String, Double)] = [
        ("王", 7.1), ("李", 7.0), ("张", 6.7), ("刘", 5.4), ("陈", 4.6), ("杨", 3.1), ("黄", 2.4), ("赵", 2.3),
        ("吴", 2.0), ("周", 1.9), ("徐", 1.5), ("孙", 1.5), ("马", 1.4), ("朱", 1.3), ("胡", 1.3), ("郭", 1.1),
        ("何", 1.1), ("林", 1.0), ("罗", 0.9), ("高", 0.9), ("郑", 0.8), ("梁", 0.8), ("谢", 0.7), ("宋", 0.6),
        ("唐", 0.6), ("许", 0.6), ("韩", 0.6), ("冯", 0.5), ("邓", 0.5), ("曹", 0.5), ("彭", 0.5), ("曾", 0.5),
        ("肖", 0.5), ("田", 0.4), ("董", 0.4), ("潘", 0.4), ("袁", 0.4), ("蔡", 0.4), ("蒋", 0.4), ("余", 0.4),
        ("杜", 0.3), ("叶", 0.3), ("程", 0.3), ("魏", 0.3), ("苏", 0.3), ("吕", 0.3), ("丁", 0.3), ("沈", 0.3),
        ("钟", 0.3), ("卢", 0.3), ("姜", 0.2), ("崔", 0.2), ("谭", 0.2), ("陆", 0.2), ("范", 0.2), ("廖", 0.2),
        ("欧阳", 0.05), ("司马", 0.02), ("诸葛", 0.01),
    ]
    static let givenChars: [String] = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌宇浩凯健俊帆帅旭宁婷雪琳晨鹏辉丹慧颖博诗涵思远欣悦梓轩嘉怡子豪春梅海燕振华晓东立新卫东").map(String.init)

    struct Category {
        var slug: String
        /// In project titles.
        var projectLabel: String
        var label: String
        var needTitles: [String]
        var weight: Double
        /// Multiplies households (a parking problem touches many, a quarrel few).
        var households: Double
        /// Chance that a need of this category gets a project at all (parking and charging
        /// piles are mostly capital works beyond a volunteer project).
        var projectRate: Double
        var skill: String?
        var skillChance: Double
        var cost: ClosedRange<Int>
    }

    static let categories: [Category] = [
        Category(slug: "drains", projectLabel: "下水道疏通", label: "下水疏通", needTitles: ["下水道反复堵塞", "化粪池清掏与管道疏通", "雨水管疏通", "厨房排污管堵塞"],
                 weight: 10, households: 1, projectRate: 1, skill: "plumber", skillChance: 0.6, cost: 500...3000),
        Category(slug: "parking", projectLabel: "错时停车协调", label: "停车难", needTitles: ["夜间停车难", "小区停车位规划", "错时共享停车协调"],
                 weight: 6, households: 3, projectRate: 0.3, skill: nil, skillChance: 0, cost: 1000...5000),
        Category(slug: "ev-charging", projectLabel: "充电设施安装", label: "充电难", needTitles: ["电动自行车充电难", "楼道飞线充电整治", "新能源汽车充电桩"],
                 weight: 7, households: 2, projectRate: 0.6, skill: "electrician", skillChance: 0.8, cost: 2000...5000),
        Category(slug: "renovation", projectLabel: "楼道微改造", label: "老旧小区改造", needTitles: ["楼道扶手与照明改造", "加装信报箱与晾衣架", "外墙脱落修补", "单元门禁维修"],
                 weight: 8, households: 1.5, projectRate: 0.8, skill: "electrician", skillChance: 0.3, cost: 2000...5000),
        Category(slug: "elder-meals", projectLabel: "助老助餐", label: "助老助餐", needTitles: ["独居老人助餐", "高龄老人送餐上门", "长者饭堂志愿服务"],
                 weight: 10, households: 0.6, projectRate: 1, skill: nil, skillChance: 0, cost: 500...2000),
        Category(slug: "mediation", projectLabel: "邻里矛盾调解", label: "矛盾调解", needTitles: ["邻里漏水纠纷调解", "广场舞噪音矛盾调解", "物业费纠纷调解", "宠物扰民协商"],
                 weight: 7, households: 0.3, projectRate: 1, skill: "lawyer", skillChance: 0.2, cost: 0...300),
        Category(slug: "legal", projectLabel: "法律咨询", label: "法律咨询", needTitles: ["防诈骗法律讲座", "遗嘱与继承法律咨询", "租赁合同法律咨询", "劳动争议咨询"],
                 weight: 6, households: 0.8, projectRate: 1, skill: "lawyer", skillChance: 0.8, cost: 0...500),
        Category(slug: "clinic", projectLabel: "义诊", label: "义诊", needTitles: ["血压血糖筛查", "慢性病随访义诊", "中医义诊", "老年人眼科筛查"],
                 weight: 8, households: 1.5, projectRate: 1, skill: "doctor", skillChance: 0.85, cost: 500...2500),
        Category(slug: "tutoring", projectLabel: "课后辅导", label: "课后辅导", needTitles: ["四点半课堂", "寒假作业辅导", "青少年托管", "留守儿童学业帮扶"],
                 weight: 8, households: 0.8, projectRate: 1, skill: "teacher", skillChance: 0.5, cost: 0...800),
        Category(slug: "cleanup", projectLabel: "环境整治", label: "环境整治", needTitles: ["背街小巷环境整治", "楼顶与天台杂物清理", "河涌沿岸清洁", "垃圾分类督导"],
                 weight: 12, households: 2, projectRate: 1, skill: nil, skillChance: 0, cost: 200...1500),
        Category(slug: "micro-wish", projectLabel: "微心愿认领", label: "微心愿", needTitles: ["困难儿童微心愿", "空巢老人微心愿", "残疾人家庭微心愿"],
                 weight: 6, households: 0.3, projectRate: 1, skill: nil, skillChance: 0, cost: 500...3000),
        Category(slug: "fire-safety", projectLabel: "消防安全检查", label: "消防安全", needTitles: ["老旧楼栋消防安全检查", "沿街商铺消防隐患排查", "楼道杂物清理与消防宣传"],
                 weight: 9, households: 1.5, projectRate: 1, skill: "electrician", skillChance: 0.5, cost: 300...2000),
    ]

    static func category(_ slug: String) -> Int { categories.firstIndex { $0.slug == slug }! }

    struct UnitKind {
        var label: String
        var weight: Double
        /// Relative roster size.
        var staff: Double
        var names: [String]
        var categories: [String]
        var funds: ClosedRange<Int>
        /// Skills its members may have, with the chance for each member.
        var skills: [(String, Double)]
    }

    /// `{p}`: a place stem near the unit; `{d}`: its district.
    static let unitKinds: [UnitKind] = [
        UnitKind(label: "机关", weight: 35, staff: 1.3,
                 names: ["{d}区税务局", "{d}区民政局", "{d}区司法局", "{d}区财政局", "{d}区人力资源和社会保障局",
                         "{d}区住房和城乡建设局", "{d}区市场监督管理局", "{d}区卫生健康局", "{d}区教育局", "{d}区城市管理局",
                         "{d}区生态环境局", "{d}区统计局", "{d}区审计局", "{d}区发展和改革局", "{d}区应急管理局",
                         "{d}区退役军人事务局", "{d}区文化广电旅游局", "{d}区档案馆"],
                 categories: ["cleanup", "mediation", "micro-wish", "legal", "renovation", "parking", "elder-meals", "fire-safety"],
                 funds: 0...3000, skills: [("lawyer", 0.05), ("electrician", 0.01)]),
        UnitKind(label: "国企", weight: 25, staff: 1.2,
                 names: ["供电局{p}供电所", "自来水公司{p}营业所", "燃气集团{p}服务站", "城投集团{p}项目部", "移动公司{p}营业部",
                         "建工集团{p}分公司", "公交集团{p}车队", "地铁集团{p}站区"],
                 categories: ["ev-charging", "fire-safety", "renovation", "drains", "cleanup", "parking"],
                 funds: 2000...10000, skills: [("electrician", 0.15), ("plumber", 0.10)]),
        UnitKind(label: "学校", weight: 25, staff: 0.8,
                 names: ["{p}小学", "{p}中学", "{p}实验学校", "{p}幼儿园", "{d}区职业技术学校"],
                 categories: ["tutoring", "micro-wish", "cleanup", "fire-safety"],
                 funds: 0...1500, skills: [("teacher", 0.35)]),
        UnitKind(label: "医院", weight: 15, staff: 0.9,
                 names: ["{p}社区卫生服务中心", "{d}区人民医院", "{d}区中医医院", "{d}区妇幼保健院", "{p}医院"],
                 categories: ["clinic", "elder-meals", "fire-safety", "micro-wish"],
                 funds: 1000...4000, skills: [("doctor", 0.35)]),
    ]

    static let projectSuffixes = ["行动", "志愿服务", "进社区", "专项服务", "共建项目"]
}
